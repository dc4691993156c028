// Fuzzes the Cognito JSON request decoder with arbitrary bodies and the member
// accessors every operation uses.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "auth/cognito_request.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  gloss::Result<gloss::auth::CognitoRequest> request = gloss::auth::CognitoRequest::Parse(body);
  if (!request.ok()) {
    return 0;
  }
  (void)request->RequiredString("Username", 1, 128);
  (void)request->OptionalString("SecretHash", 1, 128);
  (void)request->StringMap("AuthParameters");
  (void)request->Attributes("UserAttributes");
  return 0;
}
