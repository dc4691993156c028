#include "storage/internal/md5.h"

#include <gtest/gtest.h>

namespace gloss::storage::internal {
namespace {

TEST(Md5Test, MatchesRfc1321Vectors) {
  EXPECT_EQ(DigestHex(Md5Of("")), "d41d8cd98f00b204e9800998ecf8427e");
  EXPECT_EQ(DigestHex(Md5Of("abc")), "900150983cd24fb0d6963f7d28e17f72");
  EXPECT_EQ(DigestHex(Md5Of("message digest")), "f96b697d7cb7938d525a2f31aaf161d0");
}

TEST(Md5Test, StreamingEqualsOneShot) {
  Md5 md5;
  md5.Update("message ");
  md5.Update("");
  md5.Update("digest");
  EXPECT_EQ(md5.Finish(), Md5Of("message digest"));
}

TEST(Md5Test, DigestBytesAreTheRawDigest) {
  const Md5Digest digest = Md5Of("abc");
  ASSERT_EQ(DigestBytes(digest).size(), 16u);
  EXPECT_EQ(static_cast<unsigned char>(DigestBytes(digest)[0]), 0x90);
}

}  // namespace
}  // namespace gloss::storage::internal
