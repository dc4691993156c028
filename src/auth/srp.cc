#include "auth/srp.h"

#include <array>
#include <cstdio>
#include <ctime>
#include <utility>

#include <nlohmann/json.hpp>
#include <openssl/bn.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include "core/assert.h"
#include "core/base64.h"
#include "core/hex.h"

namespace gloss::auth {
namespace {

// RFC 3526 section 4 (3072-bit MODP group); the constant amazon-cognito-identity-js calls initN.
constexpr std::string_view kCognitoNHex =
    "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A08798E3404"
    "DD"
    "EF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7"
    "ED"
    "EE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA48361C55D39A69163FA8FD24CF"
    "5F"
    "83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804F1746C08CA18217C32905E462E36CE"
    "3B"
    "E39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6955817183995497CEA956AE515D2261898FA05"
    "10"
    "15728E5A8AAAC42DAD33170D04507A33A85521ABDF1CBA64ECFB850458DBEF0A8AEA71575D060C7DB3970F85A6E1E4"
    "C7"
    "ABF5AE8CDB0933D71E8C94E04A25619DCEE3D2261AD2EE6BF12FFA06D98A0864D87602733EC86A64521F2B18177B20"
    "0C"
    "BBE117577A615D6C770988C0BAD946E208E24FA074E5AB3143DB5BFCE0FD108E4B82D120A93AD2CAFFFFFFFFFFFFFF"
    "FF";

// RFC 5054 Appendix A, 1024-bit group.
constexpr std::string_view kRfc5054N1024Hex =
    "EEAF0AB9ADB38DD69C33F80AFA8FC5E86072618775FF3C0B9EA2314C9C256576D674DF7496EA81D3383B4813D692C6"
    "E0"
    "E0D5D8E250B98BE48E495C1D6089DAD15DC7D7B46154D6B6CE8EF4AD69B15D4982559B297BCF1885C529F566660E57"
    "EC"
    "68EDBC3C05726CC02FD4CBF4976EAA9AFD5138FE8376435B9FC61D2FC0EB06E3";

constexpr std::string_view kHkdfInfo = "Caldera Derived Key";
constexpr size_t kMaxHexDigits = 2 * 512;  // Far above a 3072-bit number; bounds parsing work.

struct BnDeleter {
  void operator()(BIGNUM* bn) const { BN_clear_free(bn); }
};
struct BnCtxDeleter {
  void operator()(BN_CTX* ctx) const { BN_CTX_free(ctx); }
};
using BnPtr = std::unique_ptr<BIGNUM, BnDeleter>;
using BnCtxPtr = std::unique_ptr<BN_CTX, BnCtxDeleter>;

BnPtr NewBn() {
  BnPtr bn(BN_new());
  GLOSS_CHECK(bn != nullptr);  // Out of memory.
  return bn;
}

BnCtxPtr NewCtx() {
  BnCtxPtr ctx(BN_CTX_new());
  GLOSS_CHECK(ctx != nullptr);  // Out of memory.
  return ctx;
}

BnPtr FromBytes(std::string_view bytes) {
  BnPtr bn(BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()),
                     static_cast<int>(bytes.size()), nullptr));
  GLOSS_CHECK(bn != nullptr);  // Out of memory.
  return bn;
}

// Minimal big-endian bytes; zero is the empty string.
std::string ToBytes(const BIGNUM* bn) {
  std::string out(static_cast<size_t>(BN_num_bytes(bn)), '\0');
  BN_bn2bin(bn, reinterpret_cast<unsigned char*>(out.data()));
  return out;
}

std::string StripLeadingZeros(std::string_view bytes) {
  size_t start = 0;
  while (start < bytes.size() && bytes[start] == '\0') {
    ++start;
  }
  return std::string(bytes.substr(start));
}

// For secret exponents: ask OpenSSL for its constant-time ladder.
BnPtr SecretFromBytes(std::string_view bytes) {
  BnPtr bn = FromBytes(bytes);
  BN_set_flags(bn.get(), BN_FLG_CONSTTIME);
  return bn;
}

// Parses a hex number like the JS clients' BigInteger(hex, 16): any case, odd
// length allowed, no sign. Returns big-endian bytes (possibly with leading zeros).
Result<std::string> ParseHexNumber(std::string_view hex, std::string_view what) {
  if (hex.empty() || hex.size() > kMaxHexDigits) {
    return Status::InvalidArgument(std::string(what) + " is empty or too long");
  }
  std::string out;
  out.reserve(hex.size() / 2 + 1);
  size_t pos = 0;
  if (hex.size() % 2 == 1) {
    const int digit = HexDigitValue(hex[0]);
    if (digit < 0) {
      return Status::InvalidArgument(std::string(what) + " is not hexadecimal");
    }
    out.push_back(static_cast<char>(digit));
    pos = 1;
  }
  for (; pos < hex.size(); pos += 2) {
    const int high = HexDigitValue(hex[pos]);
    const int low = HexDigitValue(hex[pos + 1]);
    if (high < 0 || low < 0) {
      return Status::InvalidArgument(std::string(what) + " is not hexadecimal");
    }
    out.push_back(static_cast<char>((high << 4) | low));
  }
  return out;
}

// Standard base64 with or without '=' padding (both accepted from clients).
// Core's decoder wants padding, so unpadded text gets it first; 4k+1
// characters stay invalid ("X===").
Result<std::string> DecodeBase64(std::string_view text, std::string_view what) {
  std::string padded(text);
  if (!text.empty() && text.back() != '=') {
    padded.append((4 - text.size() % 4) % 4, '=');
  }
  Result<std::string> bytes = Base64Decode(padded);
  if (!bytes.ok()) {
    return Status::InvalidArgument(std::string(what) + " is not base64");
  }
  return bytes;
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> mac{};
  unsigned int mac_length = 0;
  const unsigned char* ok = HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
                                 reinterpret_cast<const unsigned char*>(data.data()), data.size(),
                                 mac.data(), &mac_length);
  GLOSS_CHECK(ok != nullptr);  // Only fails on out of memory.
  return std::string(reinterpret_cast<const char*>(mac.data()), mac_length);
}

// HKDF-SHA256 (RFC 5869) for one output block, truncated to kSrpKeyBytes.
std::string DeriveKey(std::string_view ikm, std::string_view salt) {
  const std::string prk = HmacSha256(salt, ikm);
  std::string info(kHkdfInfo);
  info.push_back('\x01');
  std::string okm = HmacSha256(prk, info);
  okm.resize(kSrpKeyBytes);
  return okm;
}

std::string ClaimMessage(std::string_view pool_short, std::string_view username,
                         std::string_view secret_block, std::string_view timestamp) {
  std::string message;
  message.reserve(pool_short.size() + username.size() + secret_block.size() + timestamp.size());
  message.append(pool_short).append(username).append(secret_block).append(timestamp);
  return message;
}

Result<std::string> RandomBytes(size_t count) {
  std::string out(count, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(count)) != 1) {
    return Status::Internal("random number generator failed");
  }
  return out;
}

const SrpMath& CognitoMath() {
  // Function-local static, built once with thread-safe initialisation and
  // deliberately never destroyed (the NoDestructor idiom; core/ has no
  // NoDestructor yet), so no destructor runs at exit while threads may use it.
  static const SrpMath* math = [] {
    Result<SrpMath> created = SrpMath::Create(CognitoSrpGroup());
    GLOSS_CHECK(created.ok());  // The group constant is valid hex.
    return new SrpMath(std::move(created).value());
  }();
  return *math;
}

}  // namespace

const SrpGroup& CognitoSrpGroup() {
  static constexpr SrpGroup kGroup{kCognitoNHex, 2, SrpHash::kSha256, SrpPadding::kCognito};
  return kGroup;
}

const SrpGroup& Rfc5054Group1024() {
  static constexpr SrpGroup kGroup{kRfc5054N1024Hex, 2, SrpHash::kSha1, SrpPadding::kRfc5054};
  return kGroup;
}

// ---- SrpMath ----

struct SrpMath::Impl {
  SrpGroup group;
  BnPtr n;
  BnPtr g;
  BnPtr k;
  size_t n_bytes = 0;
};

SrpMath::SrpMath(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SrpMath::SrpMath(SrpMath&&) noexcept = default;
SrpMath& SrpMath::operator=(SrpMath&&) noexcept = default;
SrpMath::~SrpMath() = default;

Result<SrpMath> SrpMath::Create(const SrpGroup& group) {
  ASSIGN_OR_RETURN(std::string n_bytes, ParseHexNumber(group.n_hex, "N"));
  auto impl = std::make_unique<Impl>();
  impl->group = group;
  impl->n = FromBytes(n_bytes);
  if (BN_is_zero(impl->n.get()) || group.g < 2) {
    return Status::InvalidArgument("bad SRP group");
  }
  impl->n_bytes = static_cast<size_t>(BN_num_bytes(impl->n.get()));
  impl->g = NewBn();
  GLOSS_CHECK(BN_set_word(impl->g.get(), group.g) == 1);  // Out of memory.
  SrpMath math(std::move(impl));
  math.impl_->k = FromBytes(
      math.Hash(math.Pad(ToBytes(math.impl_->n.get())) + math.Pad(ToBytes(math.impl_->g.get()))));
  return math;
}

std::string SrpMath::Hash(std::string_view data) const {
  const EVP_MD* md = impl_->group.hash == SrpHash::kSha1 ? EVP_sha1() : EVP_sha256();
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  GLOSS_CHECK(EVP_Digest(data.data(), data.size(), digest.data(), &length, md, nullptr) == 1);
  return std::string(reinterpret_cast<const char*>(digest.data()), length);
}

std::string SrpMath::Pad(std::string_view number) const {
  std::string minimal = StripLeadingZeros(number);
  if (impl_->group.padding == SrpPadding::kRfc5054) {
    if (minimal.size() < impl_->n_bytes) {
      minimal.insert(0, impl_->n_bytes - minimal.size(), '\0');
    }
    return minimal;
  }
  // padHex: an even-length hex string of the value, with "00" in front when
  // its first digit is 8..f. Zero prints as "0" and pads to "00".
  if (minimal.empty() || (static_cast<unsigned char>(minimal[0]) & 0x80) != 0) {
    minimal.insert(0, 1, '\0');
  }
  return minimal;
}

std::string SrpMath::K() const { return ToBytes(impl_->k.get()); }

std::string SrpMath::X(std::string_view salt, std::string_view identity) const {
  std::string salt_part =
      impl_->group.padding == SrpPadding::kCognito ? Pad(salt) : std::string(salt);
  return StripLeadingZeros(Hash(salt_part + Hash(identity)));
}

std::string SrpMath::Verifier(std::string_view x) const { return ClientPublic(x); }

std::string SrpMath::ClientPublic(std::string_view a) const {
  BnCtxPtr ctx = NewCtx();
  BnPtr exponent = SecretFromBytes(a);
  BnPtr result = NewBn();
  GLOSS_CHECK(BN_mod_exp(result.get(), impl_->g.get(), exponent.get(), impl_->n.get(),
                         ctx.get()) == 1);  // Out of memory; N is odd and nonzero.
  return ToBytes(result.get());
}

std::string SrpMath::ServerPublic(std::string_view b, std::string_view v) const {
  BnCtxPtr ctx = NewCtx();
  BnPtr exponent = SecretFromBytes(b);
  BnPtr g_b = NewBn();
  BnPtr k_v = NewBn();
  BnPtr result = NewBn();
  BnPtr verifier = FromBytes(v);
  GLOSS_CHECK(BN_mod_exp(g_b.get(), impl_->g.get(), exponent.get(), impl_->n.get(), ctx.get()) ==
              1);
  GLOSS_CHECK(BN_mod_mul(k_v.get(), impl_->k.get(), verifier.get(), impl_->n.get(), ctx.get()) ==
              1);
  GLOSS_CHECK(BN_mod_add(result.get(), k_v.get(), g_b.get(), impl_->n.get(), ctx.get()) == 1);
  return ToBytes(result.get());
}

std::string SrpMath::U(std::string_view a_pub, std::string_view b_pub) const {
  return StripLeadingZeros(Hash(Pad(a_pub) + Pad(b_pub)));
}

bool SrpMath::IsZeroModN(std::string_view number) const {
  BnCtxPtr ctx = NewCtx();
  BnPtr value = FromBytes(number);
  BnPtr rem = NewBn();
  GLOSS_CHECK(BN_nnmod(rem.get(), value.get(), impl_->n.get(), ctx.get()) == 1);
  return BN_is_zero(rem.get());
}

Result<std::string> SrpMath::ServerPremaster(std::string_view b, std::string_view v,
                                             std::string_view u, std::string_view a_pub) const {
  if (IsZeroModN(a_pub)) {
    return Status::InvalidArgument("SRP_A mod N is zero");
  }
  BnCtxPtr ctx = NewCtx();
  BnPtr a_value = FromBytes(a_pub);
  BnPtr verifier = FromBytes(v);
  BnPtr u_value = FromBytes(u);
  BnPtr exponent = SecretFromBytes(b);
  BnPtr v_u = NewBn();
  BnPtr base = NewBn();
  BnPtr result = NewBn();
  GLOSS_CHECK(BN_mod_exp(v_u.get(), verifier.get(), u_value.get(), impl_->n.get(), ctx.get()) == 1);
  GLOSS_CHECK(BN_mod_mul(base.get(), a_value.get(), v_u.get(), impl_->n.get(), ctx.get()) == 1);
  GLOSS_CHECK(BN_mod_exp(result.get(), base.get(), exponent.get(), impl_->n.get(), ctx.get()) == 1);
  return ToBytes(result.get());
}

Result<std::string> SrpMath::ClientPremaster(std::string_view a, std::string_view x,
                                             std::string_view u, std::string_view b_pub) const {
  if (IsZeroModN(b_pub)) {
    return Status::InvalidArgument("SRP_B mod N is zero");
  }
  BnCtxPtr ctx = NewCtx();
  BnPtr b_value = FromBytes(b_pub);
  BnPtr x_value = SecretFromBytes(x);
  BnPtr u_value = FromBytes(u);
  BnPtr a_value = FromBytes(a);
  BnPtr g_x = NewBn();
  BnPtr k_g_x = NewBn();
  BnPtr base = NewBn();
  BnPtr exponent = NewBn();
  BnPtr result = NewBn();
  GLOSS_CHECK(BN_mod_exp(g_x.get(), impl_->g.get(), x_value.get(), impl_->n.get(), ctx.get()) == 1);
  GLOSS_CHECK(BN_mod_mul(k_g_x.get(), impl_->k.get(), g_x.get(), impl_->n.get(), ctx.get()) == 1);
  GLOSS_CHECK(BN_mod_sub(base.get(), b_value.get(), k_g_x.get(), impl_->n.get(), ctx.get()) == 1);
  GLOSS_CHECK(BN_mul(exponent.get(), u_value.get(), x_value.get(), ctx.get()) == 1);
  GLOSS_CHECK(BN_add(exponent.get(), exponent.get(), a_value.get()) == 1);
  BN_set_flags(exponent.get(), BN_FLG_CONSTTIME);
  GLOSS_CHECK(BN_mod_exp(result.get(), base.get(), exponent.get(), impl_->n.get(), ctx.get()) == 1);
  return ToBytes(result.get());
}

// ---- Cognito protocol ----

SrpVerifier MakeVerifierWithSalt(std::string_view pool_short, std::string_view username,
                                 std::string_view password, std::string_view salt) {
  const SrpMath& math = CognitoMath();
  std::string identity;
  identity.append(pool_short).append(username).append(":").append(password);
  std::string x = math.X(salt, identity);
  SrpVerifier out{std::string(salt), math.Verifier(x)};
  OPENSSL_cleanse(identity.data(), identity.size());
  OPENSSL_cleanse(x.data(), x.size());
  return out;
}

Result<SrpVerifier> MakeVerifier(std::string_view pool_short, std::string_view username,
                                 std::string_view password) {
  ASSIGN_OR_RETURN(std::string salt, RandomBytes(kSrpSaltBytes));
  return MakeVerifierWithSalt(pool_short, username, password, salt);
}

Result<ServerSession> StartSessionWithSecretForTest(const SrpVerifier& verifier,
                                                    std::string_view srp_a_hex,
                                                    std::string_view b) {
  const SrpMath& math = CognitoMath();
  ASSIGN_OR_RETURN(std::string a_pub, ParseHexNumber(srp_a_hex, "SRP_A"));
  a_pub = StripLeadingZeros(a_pub);
  if (a_pub.size() > static_cast<size_t>(CognitoSrpGroup().n_hex.size() / 2)) {
    return Status::InvalidArgument("SRP_A is longer than N");
  }
  if (math.IsZeroModN(a_pub)) {
    return Status::InvalidArgument("SRP_A mod N is zero");
  }
  ServerSession session;
  session.b = std::string(b);
  session.b_pub = math.ServerPublic(b, verifier.verifier);
  if (math.IsZeroModN(session.b_pub)) {
    return Status::Internal("SRP_B mod N is zero");
  }
  session.u = math.U(a_pub, session.b_pub);
  if (session.u.empty()) {
    return Status::Internal("SRP u is zero");
  }
  session.a_pub = std::move(a_pub);
  session.verifier = verifier.verifier;
  session.srp_b_hex = HexEncode(session.b_pub);
  session.salt_hex = HexEncode(verifier.salt);
  return session;
}

Result<ServerSession> StartSession(const SrpVerifier& verifier, std::string_view srp_a_hex) {
  // B % N == 0 or u == 0 happen with probability ~2^-256 each; a second b
  // makes a spurious failure practically impossible.
  constexpr int kAttempts = 2;
  Status last;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    ASSIGN_OR_RETURN(std::string b, RandomBytes(kSrpEphemeralBytes));
    Result<ServerSession> session = StartSessionWithSecretForTest(verifier, srp_a_hex, b);
    OPENSSL_cleanse(b.data(), b.size());
    if (session.ok() || session.status().code() != StatusCode::kInternal) {
      return session;
    }
    last = session.status();
  }
  return last;
}

Status VerifyPasswordClaim(const ServerSession& session, std::string_view pool_short,
                           std::string_view username, std::string_view secret_block_b64,
                           std::string_view timestamp, std::string_view signature_b64) {
  if (session.b.empty() || session.a_pub.empty() || session.u.empty() || session.verifier.empty()) {
    return Status::Corruption("SRP session is incomplete");
  }
  ASSIGN_OR_RETURN(std::string secret_block, DecodeBase64(secret_block_b64, "secret block"));
  const SrpMath& math = CognitoMath();
  ASSIGN_OR_RETURN(std::string premaster,
                   math.ServerPremaster(session.b, session.verifier, session.u, session.a_pub));
  std::string key = DeriveKey(math.Pad(premaster), math.Pad(session.u));
  OPENSSL_cleanse(premaster.data(), premaster.size());
  const std::string expected =
      HmacSha256(key, ClaimMessage(pool_short, username, secret_block, timestamp));
  OPENSSL_cleanse(key.data(), key.size());

  Result<std::string> signature = DecodeBase64(signature_b64, "signature");
  // Length is public (always 32); only the content comparison must be constant time.
  if (!signature.ok() || signature->size() != expected.size() ||
      CRYPTO_memcmp(signature->data(), expected.data(), expected.size()) != 0) {
    return Status::Unauthenticated("Incorrect username or password.");
  }
  return Status::Ok();
}

std::string ServerSession::Serialize() const {
  nlohmann::json json = {
      {"b", HexEncode(b)}, {"A", HexEncode(a_pub)},    {"B", HexEncode(b_pub)},
      {"u", HexEncode(u)}, {"v", HexEncode(verifier)}, {"srp_b", srp_b_hex},
      {"salt", salt_hex},
  };
  return json.dump();
}

Result<ServerSession> ServerSession::Parse(std::string_view text) {
  nlohmann::json json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) {
    return Status::Corruption("SRP session is not a JSON object");
  }
  auto field = [&json](const char* name) -> Result<std::string> {
    auto it = json.find(name);
    if (it == json.end() || !it->is_string()) {
      return Status::Corruption(std::string("SRP session lacks ") + name);
    }
    return it->get<std::string>();
  };
  auto number = [&field](const char* name) -> Result<std::string> {
    ASSIGN_OR_RETURN(std::string hex, field(name));
    Result<std::string> bytes = ParseHexNumber(hex, name);
    if (!bytes.ok()) {
      return Status::Corruption(std::string("SRP session field is not hex: ") + name);
    }
    return bytes;
  };
  ServerSession session;
  ASSIGN_OR_RETURN(session.b, number("b"));
  ASSIGN_OR_RETURN(session.a_pub, number("A"));
  ASSIGN_OR_RETURN(session.b_pub, number("B"));
  ASSIGN_OR_RETURN(session.u, number("u"));
  ASSIGN_OR_RETURN(session.verifier, number("v"));
  ASSIGN_OR_RETURN(session.srp_b_hex, field("srp_b"));
  ASSIGN_OR_RETURN(session.salt_hex, field("salt"));
  return session;
}

std::string FormatSrpTimestamp(std::chrono::system_clock::time_point time) {
  static constexpr std::array<const char*, 7> kDays = {"Sun", "Mon", "Tue", "Wed",
                                                       "Thu", "Fri", "Sat"};
  static constexpr std::array<const char*, 12> kMonths = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  std::array<char, 64> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%s %s %d %02d:%02d:%02d UTC %d",
                kDays[static_cast<size_t>(utc.tm_wday)], kMonths[static_cast<size_t>(utc.tm_mon)],
                utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, utc.tm_year + 1900);
  return std::string(buffer.data());
}

// ---- SrpClient ----

SrpClient::SrpClient(std::string a, std::string a_pub)
    : a_(std::move(a)), a_pub_(std::move(a_pub)), srp_a_hex_(HexEncode(a_pub_)) {}

Result<SrpClient> SrpClient::Create() {
  ASSIGN_OR_RETURN(std::string a, RandomBytes(kSrpEphemeralBytes));
  std::string a_pub = CognitoMath().ClientPublic(a);
  return SrpClient(std::move(a), std::move(a_pub));
}

Result<SrpClient> SrpClient::CreateWithSecretForTest(std::string_view a_hex) {
  ASSIGN_OR_RETURN(std::string a, ParseHexNumber(a_hex, "a"));
  std::string a_pub = CognitoMath().ClientPublic(a);
  return SrpClient(std::move(a), std::move(a_pub));
}

Result<SrpClient::Claim> SrpClient::ComputeClaim(
    std::string_view pool_short, std::string_view username, std::string_view password,
    std::string_view srp_b_hex, std::string_view salt_hex, std::string_view secret_block_b64,
    std::string_view timestamp) const {
  const SrpMath& math = CognitoMath();
  ASSIGN_OR_RETURN(std::string b_pub, ParseHexNumber(srp_b_hex, "SRP_B"));
  ASSIGN_OR_RETURN(std::string salt, ParseHexNumber(salt_hex, "SALT"));
  ASSIGN_OR_RETURN(std::string secret_block, DecodeBase64(secret_block_b64, "secret block"));
  if (math.IsZeroModN(b_pub)) {
    return Status::InvalidArgument("SRP_B mod N is zero");
  }
  const std::string u = math.U(a_pub_, b_pub);
  if (u.empty()) {
    return Status::InvalidArgument("SRP u is zero");
  }
  std::string identity;
  identity.append(pool_short).append(username).append(":").append(password);
  std::string x = math.X(salt, identity);
  OPENSSL_cleanse(identity.data(), identity.size());
  Result<std::string> premaster = math.ClientPremaster(a_, x, u, b_pub);
  OPENSSL_cleanse(x.data(), x.size());
  if (!premaster.ok()) {
    return premaster.status();
  }
  Claim claim;
  claim.key = DeriveKey(math.Pad(*premaster), math.Pad(u));
  OPENSSL_cleanse(premaster->data(), premaster->size());
  claim.signature_b64 = Base64Encode(
      HmacSha256(claim.key, ClaimMessage(pool_short, username, secret_block, timestamp)));
  return claim;
}

}  // namespace gloss::auth
