// The user pool on the wire: Cognito's AWS JSON 1.1 protocol
// (`X-Amz-Target: AWSCognitoIdentityProviderService.OPERATION`, body and
// answer `application/x-amz-json-1.1`) and the pool's JWKS document.
//
// Errors are `{"__type": "NotAuthorizedException", "message": "..."}` with
// HTTP 400, as Cognito answers every client error; 500 InternalErrorException
// for our own failures; 501 NotImplemented for operations not built yet.
//
// Thread safety: the handlers run on I/O threads and move every UserPool call
// to the BlockingPool. `pool`, `resolver` and `blocking` must outlive the routes.

#pragma once

#include "auth/identity_pool.h"
#include "auth/principal_resolver.h"
#include "auth/user_pool.h"
#include "core/blocking_pool.h"
#include "http/router.h"

namespace gloss::auth {

// Serves every user pool operation; register under the X-Amz-Target prefix
// "AWSCognitoIdentityProviderService". Admin operations must be SigV4-signed
// (service cognito-idp) by a key `resolver` knows; SigV4 failures answer with
// the JSON protocols' names (MissingAuthenticationTokenException,
// UnrecognizedClientException, InvalidSignatureException,
// IncompleteSignatureException), HTTP 400.
http::Route CognitoApiRoute(UserPool& pool, const PrincipalResolver& resolver,
                            BlockingPool& blocking);

// Serves the identity pool (AWSCognitoIdentityService.GetId,
// GetCredentialsForIdentity; unsigned, as amplify-js calls them); register
// under the X-Amz-Target prefix "AWSCognitoIdentityService".
http::Route CognitoIdentityRoute(IdentityPool& identities, BlockingPool& blocking);

// Serves GET /POOL_ID/.well-known/jwks.json; register as a path suffix.
http::Route JwksRoute(UserPool& pool);

}  // namespace gloss::auth
