// StorageAccess decides whether a principal (auth/principal.h) may perform an
// S3 action on a bucket's key, as docs/design/storage-service.md describes:
//   admin     everything;
//   function  its IAM policy (aws/iam_policy.h): s3:GetObject / s3:PutObject /
//             s3:DeleteObject on "arn:aws:s3:::BUCKET/KEY", s3:ListBucket on
//             "arn:aws:s3:::BUCKET"; deny by default;
//   user      the bucket's `access` rules (backend.toml, Amplify Gen2 shape):
//             authenticated, groups.<name>, and entity rules whose path holds
//             {entity_id}, matched against the caller's identity id;
//   guest     the rules' guest actions; API keys are guests here.
// Only buckets declared in backend.toml have rules; ad-hoc buckets (made with
// CreateBucket) are admin and IAM only. Bucket administration (Create/Delete
// bucket) is admin only.
//
// Rule paths "p/*" cover keys under "p/" ("p/{entity_id}/*": keys under
// "p/<one segment>/", that segment being the owner's identity id); when
// several paths cover a key only the longest applies (Gen2 denies a parent's
// grants on its sub-paths). A listing is checked with its prefix as the key,
// as Amplify's s3:prefix conditions do: listing "images/original/ID/" needs a
// rule covering that prefix, listing "images/" a rule covering "images/".
//
// Thread safety: immutable after construction; Check may run concurrently.

#pragma once

#include <map>
#include <string>
#include <string_view>

#include "auth/principal.h"
#include "aws/iam_policy.h"
#include "core/backend_spec.h"
#include "core/status.h"

namespace gloss::storage {

enum class S3Action {
  kGet,          // GetObject, HeadObject, copy source, UploadPartCopy source.
  kList,         // ListObjects(V2), HeadBucket, ListMultipartUploads, ListParts.
  kPut,          // PutObject, copy target, every multipart step.
  kDelete,       // DeleteObject, DeleteObjects (per key).
  kAdminBucket,  // CreateBucket, DeleteBucket.
};

class StorageAccess {
 public:
  // `buckets`: BackendSpec::storage (its rules are found by bucket name);
  // `policies`: the functions' IAM policies.
  StorageAccess(const std::map<std::string, StorageSpec>& buckets, aws::IamPolicyLookup policies);

  // OK, or kPermissionDenied "AccessDenied: ...". `key` is the object key,
  // or for kList the listing prefix (empty: the whole bucket); `identity_id`
  // is the caller's identity-pool id (empty when it has none), the value of
  // {entity_id}.
  Status Check(const auth::Principal& principal, std::string_view identity_id, S3Action action,
               std::string_view bucket, std::string_view key) const;

 private:
  std::map<std::string, std::vector<StorageAccessRule>, std::less<>> rules_;  // By bucket name.
  aws::IamPolicyLookup policies_;
};

}  // namespace gloss::storage
