#include "auth/signing_keys.h"

#include <cerrno>
#include <cstring>
#include <utility>

#include <fcntl.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/assert.h"
#include "core/base64.h"
#include "core/random.h"
#include "core/unique_fd.h"

namespace gloss::auth {
namespace {

constexpr int kRsaBits = 2048;
constexpr int kMinRsaBits = 2048;
constexpr size_t kKidBytes = 16;
constexpr size_t kMaxPemFileBytes = 64 * 1024;  // An RSA-2048 PKCS#8 PEM is ~1.7 KiB.
constexpr mode_t kPrivateFileMode = 0600;

struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
struct PkeyCtxDeleter {
  void operator()(EVP_PKEY_CTX* ctx) const { EVP_PKEY_CTX_free(ctx); }
};
struct BignumDeleter {
  void operator()(BIGNUM* bn) const { BN_free(bn); }
};
struct ParamBldDeleter {
  void operator()(OSSL_PARAM_BLD* bld) const { OSSL_PARAM_BLD_free(bld); }
};
struct ParamDeleter {
  void operator()(OSSL_PARAM* params) const { OSSL_PARAM_free(params); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxDeleter>;
using BignumPtr = std::unique_ptr<BIGNUM, BignumDeleter>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, ParamBldDeleter>;
using ParamPtr = std::unique_ptr<OSSL_PARAM, ParamDeleter>;

// Drains OpenSSL's thread-local error queue into a message.
std::string OpenSslError(std::string_view what) {
  std::string message(what);
  const unsigned long code = ERR_peek_last_error();
  if (code != 0) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof(buffer));
    message += ": ";
    message += buffer;
  }
  ERR_clear_error();
  return message;
}

std::string ErrnoMessage(std::string_view what, const std::filesystem::path& path) {
  return std::string(what) + " " + path.string() + ": " + std::strerror(errno);
}

std::string BioContents(BIO* bio) {
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio, &data);
  return length > 0 ? std::string(data, static_cast<size_t>(length)) : std::string();
}

bool IsUsableRsaKey(EVP_PKEY* pkey) {
  return EVP_PKEY_is_a(pkey, "RSA") == 1 && EVP_PKEY_get_bits(pkey) >= kMinRsaBits;
}

Result<std::string> DeriveKid(EVP_PKEY* pkey) {
  unsigned char* der = nullptr;
  const int der_length = i2d_PUBKEY(pkey, &der);
  if (der_length <= 0) {
    return Status::Internal(OpenSslError("i2d_PUBKEY"));
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int digest_length = 0;
  const int ok = EVP_Digest(der, static_cast<size_t>(der_length), digest, &digest_length,
                            EVP_sha256(), nullptr);
  OPENSSL_free(der);
  if (ok != 1 || digest_length < kKidBytes) {
    return Status::Internal(OpenSslError("SHA-256"));
  }
  return Base64UrlEncode(std::string_view(reinterpret_cast<const char*>(digest), kKidBytes));
}

Result<std::string> BignumParamBase64Url(EVP_PKEY* pkey, const char* name) {
  BIGNUM* raw = nullptr;
  if (EVP_PKEY_get_bn_param(pkey, name, &raw) != 1) {
    return Status::Internal(OpenSslError(name));
  }
  const BignumPtr bn(raw);
  // BN_bn2bin writes big-endian without leading zero bytes.
  std::string bytes(static_cast<size_t>(BN_num_bytes(bn.get())), '\0');
  BN_bn2bin(bn.get(), reinterpret_cast<unsigned char*>(bytes.data()));
  return Base64UrlEncode(bytes);
}

Result<std::string> PrivatePem(EVP_PKEY* pkey) {
  const BioPtr bio(BIO_new(BIO_s_mem()));
  // OpenSSL 3 writes PKCS#8 PrivateKeyInfo ("BEGIN PRIVATE KEY"), unencrypted.
  if (!bio ||
      PEM_write_bio_PrivateKey(bio.get(), pkey, nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    return Status::Internal(OpenSslError("PEM_write_bio_PrivateKey"));
  }
  std::string pem = BioContents(bio.get());
  // The memory BIO held the private key; wipe it before it is freed.
  char* data = nullptr;
  const long length = BIO_get_mem_data(bio.get(), &data);
  if (length > 0) {
    OPENSSL_cleanse(data, static_cast<size_t>(length));
  }
  return pem;
}

// Refuses to prompt on a terminal for a passphrase: encrypted keys fail.
int NoPassphrase(char* /*buf*/, int /*size*/, int /*rwflag*/, void* /*userdata*/) { return 0; }

Status WriteFileAtomically(const std::filesystem::path& path, std::string_view contents) {
  std::filesystem::path temp = path;
  temp += ".tmp." + RandomString(8, kBase62);
  UniqueFd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, kPrivateFileMode));
  if (fd.get() < 0) {
    return Status::Unavailable(ErrnoMessage("cannot create", temp));
  }
  auto fail = [&](std::string_view what) {
    Status status = Status::Unavailable(ErrnoMessage(what, temp));
    ::unlink(temp.c_str());
    return status;
  };
  // The umask can only narrow the mode; fchmod makes it exact.
  if (::fchmod(fd.get(), kPrivateFileMode) != 0) {
    return fail("cannot chmod");
  }
  size_t written = 0;
  while (written < contents.size()) {
    const ssize_t count = ::write(fd.get(), contents.data() + written, contents.size() - written);
    if (count < 0 && errno == EINTR) {
      continue;
    }
    if (count <= 0) {
      return fail("cannot write");
    }
    written += static_cast<size_t>(count);
  }
  if (::fsync(fd.get()) != 0) {
    return fail("cannot fsync");
  }
  if (!fd.Close()) {
    return fail("cannot close");
  }
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    return fail("cannot rename");
  }
  std::filesystem::path dir = path.parent_path();
  if (dir.empty()) {
    dir = ".";
  }
  UniqueFd dir_fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir_fd.get() < 0 || ::fsync(dir_fd.get()) != 0) {
    return Status::Unavailable(ErrnoMessage("cannot fsync directory", dir));
  }
  return Status::Ok();
}

// Reads at most kMaxPemFileBytes + 1 bytes. NotFound if the file is absent.
Result<std::string> ReadSmallFile(const std::filesystem::path& path) {
  UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    if (errno == ENOENT) {
      return Status::NotFound(path.string());
    }
    return Status::Unavailable(ErrnoMessage("cannot open", path));
  }
  std::string contents;
  char buffer[4096];
  while (contents.size() <= kMaxPemFileBytes) {
    const ssize_t count = ::read(fd.get(), buffer, sizeof(buffer));
    if (count < 0 && errno == EINTR) {
      continue;
    }
    if (count < 0) {
      return Status::Unavailable(ErrnoMessage("cannot read", path));
    }
    if (count == 0) {
      break;
    }
    contents.append(buffer, static_cast<size_t>(count));
  }
  return contents;
}

}  // namespace

void SigningKey::PkeyDeleter::operator()(evp_pkey_st* pkey) const { EVP_PKEY_free(pkey); }

SigningKey::SigningKey(PkeyPtr pkey, bool has_private_key, std::string kid)
    : pkey_(std::move(pkey)), has_private_key_(has_private_key), kid_(std::move(kid)) {}

SigningKey::~SigningKey() = default;

Result<SigningKeyPtr> SigningKey::FromPkey(PkeyPtr pkey, bool has_private_key, std::string kid) {
  if (kid.empty()) {
    ASSIGN_OR_RETURN(kid, DeriveKid(pkey.get()));
  }
  return SigningKeyPtr(new SigningKey(std::move(pkey), has_private_key, std::move(kid)));
}

Result<SigningKeyPtr> SigningKey::Generate() {
  PkeyPtr pkey(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(kRsaBits)));
  if (!pkey) {
    return Status::Internal(OpenSslError("RSA key generation"));
  }
  return FromPkey(std::move(pkey), /*has_private_key=*/true, /*kid=*/"");
}

Result<SigningKeyPtr> SigningKey::FromPrivatePem(std::string_view pem) {
  if (pem.size() > kMaxPemFileBytes) {
    return Status::InvalidArgument("PEM text is too large");
  }
  const BioPtr bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
  if (!bio) {
    return Status::Internal(OpenSslError("BIO_new_mem_buf"));
  }
  PkeyPtr pkey(PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassphrase, nullptr));
  if (!pkey) {
    return Status::InvalidArgument(OpenSslError("not an unencrypted PEM private key"));
  }
  if (!IsUsableRsaKey(pkey.get())) {
    return Status::InvalidArgument("not an RSA key of at least 2048 bits");
  }
  // A damaged private exponent or CRT value still parses. The pairwise check
  // tests n = pq, d and the CRT values against e; the sign/verify round trip
  // then proves the pair usable end to end.
  const PkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, pkey.get(), nullptr));
  if (!check || EVP_PKEY_pairwise_check(check.get()) != 1) {
    return Status::InvalidArgument(OpenSslError("private key fails its consistency check"));
  }
  ASSIGN_OR_RETURN(SigningKeyPtr key, FromPkey(std::move(pkey), /*has_private_key=*/true, ""));
  constexpr std::string_view kProbe = "gloss signing key self-test";
  Result<std::string> signature = key->Sign(kProbe);
  if (!signature.ok() || !key->Verify(kProbe, *signature)) {
    return Status::InvalidArgument("private key does not match its public key");
  }
  return key;
}

Result<SigningKeyPtr> SigningKey::LoadOrCreate(const std::filesystem::path& pem_file) {
  Result<std::string> contents = ReadSmallFile(pem_file);
  if (contents.ok()) {
    if (contents->size() > kMaxPemFileBytes) {
      return Status::Corruption("signing key file " + pem_file.string() + " is too large");
    }
    Result<SigningKeyPtr> key = FromPrivatePem(*contents);
    OPENSSL_cleanse(contents->data(), contents->size());
    if (!key.ok()) {
      return Status::Corruption("signing key file " + pem_file.string() + ": " +
                                std::string(key.status().message()));
    }
    return key;
  }
  if (contents.status().code() != StatusCode::kNotFound) {
    return contents.status();
  }
  ASSIGN_OR_RETURN(SigningKeyPtr key, Generate());
  ASSIGN_OR_RETURN(std::string pem, PrivatePem(key->pkey_.get()));
  const Status written = WriteFileAtomically(pem_file, pem);
  OPENSSL_cleanse(pem.data(), pem.size());
  RETURN_IF_ERROR(written);
  return key;
}

Result<SigningKeyPtr> SigningKey::FromJwk(const nlohmann::json& jwk) {
  if (!jwk.is_object()) {
    return Status::InvalidArgument("JWK is not a JSON object");
  }
  auto string_member = [&jwk](const char* name) -> const std::string* {
    const auto it = jwk.find(name);
    return it != jwk.end() && it->is_string() ? it->get_ptr<const std::string*>() : nullptr;
  };
  const std::string* kty = string_member("kty");
  if (kty == nullptr || *kty != "RSA") {
    return Status::InvalidArgument("JWK kty is not RSA");
  }
  if (jwk.contains("alg")) {
    const std::string* alg = string_member("alg");
    if (alg == nullptr || *alg != "RS256") {
      return Status::InvalidArgument("JWK alg is not RS256");
    }
  }
  const std::string* n_text = string_member("n");
  const std::string* e_text = string_member("e");
  if (n_text == nullptr || e_text == nullptr) {
    return Status::InvalidArgument("JWK lacks string n or e");
  }
  Result<std::string> n_bytes = Base64UrlDecode(*n_text);
  Result<std::string> e_bytes = Base64UrlDecode(*e_text);
  if (!n_bytes.ok() || !e_bytes.ok()) {
    return Status::InvalidArgument("JWK n or e is not base64url");
  }
  const BignumPtr n(BN_bin2bn(reinterpret_cast<const unsigned char*>(n_bytes->data()),
                              static_cast<int>(n_bytes->size()), nullptr));
  const BignumPtr e(BN_bin2bn(reinterpret_cast<const unsigned char*>(e_bytes->data()),
                              static_cast<int>(e_bytes->size()), nullptr));
  if (!n || !e) {
    return Status::Internal(OpenSslError("BN_bin2bn"));
  }
  if (BN_num_bits(n.get()) < kMinRsaBits) {
    return Status::InvalidArgument("JWK modulus is shorter than 2048 bits");
  }
  if (!BN_is_odd(e.get()) || BN_num_bits(e.get()) < 2) {
    return Status::InvalidArgument("JWK exponent is not an odd number > 1");
  }
  const ParamBldPtr builder(OSSL_PARAM_BLD_new());
  if (!builder || OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, n.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, e.get()) != 1) {
    return Status::Internal(OpenSslError("OSSL_PARAM_BLD"));
  }
  const ParamPtr params(OSSL_PARAM_BLD_to_param(builder.get()));
  const PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
  EVP_PKEY* raw = nullptr;
  if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1) {
    return Status::InvalidArgument(OpenSslError("JWK is not a usable RSA public key"));
  }
  PkeyPtr pkey(raw);
  const std::string* kid = string_member("kid");
  return FromPkey(std::move(pkey), /*has_private_key=*/false, kid != nullptr ? *kid : "");
}

Result<std::string> SigningKey::Sign(std::string_view data) const {
  if (!has_private_key_) {
    return Status::FailedPrecondition("signing key " + kid_ + " is verify-only");
  }
  const MdCtxPtr ctx(EVP_MD_CTX_new());
  size_t length = 0;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, pkey_.get()) != 1 ||
      EVP_DigestSign(ctx.get(), nullptr, &length,
                     reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1) {
    return Status::Internal(OpenSslError("RS256 sign init"));
  }
  std::string signature(length, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &length,
                     reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1) {
    return Status::Internal(OpenSslError("RS256 sign"));
  }
  signature.resize(length);
  return signature;
}

bool SigningKey::Verify(std::string_view data, std::string_view signature) const {
  const MdCtxPtr ctx(EVP_MD_CTX_new());
  const bool ok =
      ctx && EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, pkey_.get()) == 1 &&
      EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature.data()),
                       signature.size(), reinterpret_cast<const unsigned char*>(data.data()),
                       data.size()) == 1;
  if (!ok) {
    ERR_clear_error();  // A bad signature is an answer, not an error to report later.
  }
  return ok;
}

nlohmann::json SigningKey::PublicJwk() const {
  // Both parameters exist on every RSA key (invariant of pkey_); failure here
  // would be an OpenSSL bug.
  Result<std::string> n = BignumParamBase64Url(pkey_.get(), OSSL_PKEY_PARAM_RSA_N);
  Result<std::string> e = BignumParamBase64Url(pkey_.get(), OSSL_PKEY_PARAM_RSA_E);
  GLOSS_CHECK(n.ok() && e.ok());
  return nlohmann::json{{"alg", "RS256"},     {"e", *e},     {"kid", kid_}, {"kty", "RSA"},
                        {"n", std::move(*n)}, {"use", "sig"}};
}

std::string SigningKey::PublicPem() const {
  const BioPtr bio(BIO_new(BIO_s_mem()));
  GLOSS_CHECK(bio != nullptr);                                     // Fails only on OOM.
  GLOSS_CHECK(PEM_write_bio_PUBKEY(bio.get(), pkey_.get()) == 1);  // pkey_ is a valid key.
  return BioContents(bio.get());
}

nlohmann::json Jwks(std::span<const SigningKey* const> keys) {
  nlohmann::json list = nlohmann::json::array();
  for (const SigningKey* key : keys) {
    list.push_back(key->PublicJwk());
  }
  return nlohmann::json{{"keys", std::move(list)}};
}

}  // namespace gloss::auth
