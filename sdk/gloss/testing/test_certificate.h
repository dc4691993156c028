// MakeSelfSignedCertificate makes a throwaway TLS server identity for tests: a
// fresh P-256 key and a self-signed X.509 certificate carrying the given
// subject alternative names, made with OpenSSL's C API at test time so no
// private key is ever checked in. The certificate is its own trust anchor:
// a client trusts it by adding certificate_pem to its roots.
//
// Test-only. Thread safety: a pure function.

#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace gloss::sdk::testing {

struct TestCertificate {
  std::string certificate_pem{};
  std::string private_key_pem{};  // Unencrypted PKCS#8.
};

// `subject_alt_names` in OpenSSL's configuration form, e.g.
// "DNS:localhost,IP:127.0.0.1". Valid from an hour ago for a day.
// Errors: kInternal when OpenSSL fails (an unparsable name list included).
Result<TestCertificate> MakeSelfSignedCertificate(std::string_view subject_alt_names);

}  // namespace gloss::sdk::testing
