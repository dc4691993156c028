// PutObject throughput: BeginPut, 1 MiB Write slices, Commit (fdatasync,
// rename, directory fsync, SQLite transaction with the outbox event). Also
// MD5 alone, the floor for large puts. Runs on real files under $TMPDIR.

#include <filesystem>
#include <string>

#include <benchmark/benchmark.h>
#include <stdlib.h>

#include "core/clock.h"
#include "core/logger.h"
#include "db/database.h"
#include "storage/internal/md5.h"
#include "storage/object_store.h"

namespace gloss::storage {
namespace {

constexpr size_t kSlice = 1 << 20;

std::string Bytes(size_t size) {
  std::string bytes(size, '\0');
  uint32_t state = 1;
  for (char& byte : bytes) {
    state = state * 1664525u + 1013904223u;
    byte = static_cast<char>(state >> 24);
  }
  return bytes;
}

// A store in a fresh temporary directory, removed afterwards.
class BenchStore {
 public:
  BenchStore() {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base != nullptr ? base : "/tmp") + "/gloss-bench-XXXXXX";
    GLOSS_CHECK(::mkdtemp(pattern.data()) != nullptr);  // Benchmarks need a temp dir.
    dir_ = pattern;
    logger_ = Logger::ToStderr(LogFormat::kHuman, LogLevel::kError, /*color=*/false);
    database_ = std::move(
        db::OpenDatabase(db::DatabaseOptions{.url = "sqlite://" + dir_ + "/gloss.db"}).value());
    store_ = std::move(
        ObjectStore::Open(*database_, clock_, *logger_, ObjectStoreOptions{.root = dir_ + "/o"})
            .value());
    GLOSS_CHECK(store_->CreateBucket("bench").ok());  // Fresh database.
  }
  ~BenchStore() {
    store_.reset();
    database_.reset();
    std::filesystem::remove_all(dir_);
  }

  ObjectStore& store() { return *store_; }

 private:
  std::string dir_;
  SystemClock clock_;
  std::unique_ptr<Logger> logger_;
  db::DatabasePtr database_;
  ObjectStorePtr store_;
};

void BM_PutObject(benchmark::State& state) {
  const std::string body = Bytes(static_cast<size_t>(state.range(0)));
  BenchStore bench;
  int64_t index = 0;
  for (auto _ : state) {
    // Eight keys in turn: replacing keeps the disk use bounded, as a
    // long-running store's would be.
    Result<ObjectWriter> writer = bench.store().BeginPut("bench", "k" + std::to_string(index % 8));
    GLOSS_CHECK(writer.ok());
    for (size_t offset = 0; offset < body.size(); offset += kSlice) {
      GLOSS_CHECK(writer->Write(std::string_view(body).substr(offset, kSlice)).ok());
    }
    GLOSS_CHECK(writer->Commit({}, {}).ok());
    ++index;
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_PutObject)->Arg(4 << 10)->Arg(64 << 20)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Md5(benchmark::State& state) {
  const std::string body = Bytes(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    internal::Md5 md5;
    for (size_t offset = 0; offset < body.size(); offset += kSlice) {
      md5.Update(std::string_view(body).substr(offset, kSlice));
    }
    benchmark::DoNotOptimize(md5.Finish());
  }
  state.SetBytesProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_Md5)->Arg(64 << 20)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace gloss::storage

BENCHMARK_MAIN();
