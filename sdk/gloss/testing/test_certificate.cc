#include "gloss/testing/test_certificate.h"

#include <memory>
#include <string>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace gloss::sdk::testing {
namespace {

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* pointer) const { Free(pointer); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using ExtensionPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION, X509_EXTENSION_free>>;
using BignumPtr = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;

void FreeBio(BIO* bio) { BIO_free(bio); }
using BioPtr = std::unique_ptr<BIO, Deleter<BIO, FreeBio>>;

// Valid from an hour back (a client whose clock lags still accepts it) for a day.
constexpr long kValidBeforeNowSeconds = 60 * 60;
constexpr long kValidAfterNowSeconds = 24 * 60 * 60;

// The PEM text `write` puts into a memory BIO.
template <typename Write>
Result<std::string> ToPem(Write write) {
  BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio || write(bio.get()) != 1) {
    return Status::Internal("cannot write PEM");
  }
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

// Adds the extension `name` = `value` (OpenSSL configuration syntax).
bool AddExtension(X509* certificate, int nid, const std::string& value) {
  X509V3_CTX context;
  X509V3_set_ctx_nodb(&context);
  X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0);
  ExtensionPtr extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value.c_str()));
  return extension && X509_add_ext(certificate, extension.get(), -1) == 1;
}

}  // namespace

Result<TestCertificate> MakeSelfSignedCertificate(std::string_view subject_alt_names) {
  PkeyPtr key(EVP_EC_gen("P-256"));
  X509Ptr certificate(X509_new());
  if (!key || !certificate) {
    return Status::Internal("cannot make a key");
  }
  // A random 64-bit serial: certificates made in one process stay distinct.
  BignumPtr serial(BN_new());
  if (!serial || BN_rand(serial.get(), 64, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1 ||
      BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate.get())) == nullptr) {
    return Status::Internal("cannot make a serial number");
  }
  X509_NAME* name = X509_get_subject_name(certificate.get());
  const auto* common_name = reinterpret_cast<const unsigned char*>("gloss test");
  if (X509_set_version(certificate.get(), 2) != 1 ||
      X509_gmtime_adj(X509_getm_notBefore(certificate.get()), -kValidBeforeNowSeconds) == nullptr ||
      X509_gmtime_adj(X509_getm_notAfter(certificate.get()), kValidAfterNowSeconds) == nullptr ||
      X509_set_pubkey(certificate.get(), key.get()) != 1 ||
      X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, common_name, -1, -1, 0) != 1 ||
      X509_set_issuer_name(certificate.get(), name) != 1) {
    return Status::Internal("cannot fill in the certificate");
  }
  // As `openssl req -x509` makes it: a CA that is also the server's identity.
  if (!AddExtension(certificate.get(), NID_basic_constraints, "critical,CA:TRUE") ||
      !AddExtension(certificate.get(), NID_subject_alt_name, std::string(subject_alt_names))) {
    return Status::Internal("bad subject alternative names '" + std::string(subject_alt_names) +
                            "'");
  }
  if (X509_sign(certificate.get(), key.get(), EVP_sha256()) == 0) {
    return Status::Internal("cannot sign the certificate");
  }
  TestCertificate out;
  ASSIGN_OR_RETURN(out.certificate_pem,
                   ToPem([&](BIO* bio) { return PEM_write_bio_X509(bio, certificate.get()); }));
  ASSIGN_OR_RETURN(out.private_key_pem, ToPem([&](BIO* bio) {
                     return PEM_write_bio_PrivateKey(bio, key.get(), nullptr, nullptr, 0, nullptr,
                                                     nullptr);
                   }));
  return out;
}

}  // namespace gloss::sdk::testing
