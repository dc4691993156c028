// Any byte string found as store.json must yield values or a Status, never a
// crash or an uncaught exception. The key is fixed (32 bytes of 'k'), so the
// seed corpus (fuzz/corpus/secret_store/, sealed with that key) reaches
// decryption, not only the parser.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <stdlib.h>

#include "core/assert.h"
#include "functions/secret_store.h"

namespace {

namespace fs = std::filesystem;
using gloss::functions::SecretStore;

constexpr char kKeyByte = 'k';

struct FuzzStore {
  ~FuzzStore() {
    store.reset();
    std::error_code ignored;
    fs::remove_all(dir, ignored);
  }

  fs::path dir;
  gloss::functions::SecretStorePtr store;
};

// Each input is written as store.json: on tmpfs that is ~20x faster than on a
// disk-backed /tmp.
fs::path ScratchBase() {
  std::error_code ignored;
  return fs::is_directory("/dev/shm", ignored) ? fs::path("/dev/shm") : fs::temp_directory_path();
}

// A store folder with the corpus's key, made once per process.
const FuzzStore& Fixture() {
  static const FuzzStore fixture = [] {
    std::string pattern = (ScratchBase() / "gloss-fuzz-secrets-XXXXXX").string();
    GLOSS_CHECK(::mkdtemp(pattern.data()) != nullptr);  // The fuzzer needs a temp folder.
    const fs::path dir(pattern);
    std::ofstream(dir / "key", std::ios::binary) << std::string(SecretStore::kKeyBytes, kKeyByte);
    auto opened = SecretStore::Open(dir);
    GLOSS_CHECK(opened.ok());  // A fresh folder with a well-formed key.
    return FuzzStore{dir, std::move(opened).value()};
  }();
  return fixture;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const FuzzStore& fixture = Fixture();
  std::ofstream(fixture.dir / "store.json", std::ios::binary | std::ios::trunc)
      .write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  gloss::Result<std::vector<std::string>> names = fixture.store->List();
  if (!names.ok()) {
    return 0;
  }
  // Every listed name is valid and present, so only decryption may fail.
  auto values = fixture.store->GetMany(*names);
  GLOSS_CHECK(values.ok() || values.status().code() == gloss::StatusCode::kCorruption);
  for (const std::string& name : *names) {
    (void)fixture.store->Get(name);  // Each alone: a bad one must not spoil the rest.
  }
  return 0;
}
