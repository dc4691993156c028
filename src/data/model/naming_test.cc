#include "data/model/naming.h"

#include <gtest/gtest.h>

namespace gloss::data {
namespace {

TEST(DataPluralizeTest, FollowsThePluralizePackageForTypeNames) {
  EXPECT_EQ(Pluralize("Image"), "Images");
  EXPECT_EQ(Pluralize("Annotation"), "Annotations");
  EXPECT_EQ(Pluralize("Person"), "People");
  EXPECT_EQ(Pluralize("Category"), "Categories");
  EXPECT_EQ(Pluralize("Day"), "Days");
  EXPECT_EQ(Pluralize("Box"), "Boxes");
  EXPECT_EQ(Pluralize("Status"), "Statuses");
  EXPECT_EQ(Pluralize("Match"), "Matches");
  EXPECT_EQ(Pluralize("Leaf"), "Leaves");
  EXPECT_EQ(Pluralize("Child"), "Children");
  EXPECT_EQ(Pluralize("Photo"), "Photos");
  EXPECT_EQ(Pluralize("Hero"), "Heroes");
  EXPECT_EQ(Pluralize("Metadata"), "Metadata");
  EXPECT_EQ(Pluralize("Equipment"), "Equipment");
}

TEST(DataPluralizeTest, ChangesOnlyTheLastWordOfACamelCaseName) {
  EXPECT_EQ(Pluralize("ImageLabel"), "ImageLabels");
  EXPECT_EQ(Pluralize("SalesPerson"), "SalesPeople");
  EXPECT_EQ(Pluralize("ProjectCategory"), "ProjectCategories");
  EXPECT_EQ(Pluralize("todo"), "todos");
  EXPECT_EQ(Pluralize(""), "");
}

TEST(DataNamingTest, CapitalisationAndSortKeyArguments) {
  EXPECT_EQ(Capitalize("image"), "Image");
  EXPECT_EQ(LowerFirst("Image"), "image");
  EXPECT_EQ(Capitalize(""), "");
  EXPECT_EQ(SortKeyArgumentName({"createdAt"}), "createdAt");
  EXPECT_EQ(SortKeyArgumentName({"name", "joinedAt"}), "nameJoinedAt");
  EXPECT_EQ(SortKeyArgumentName({}), "");
}

}  // namespace
}  // namespace gloss::data
