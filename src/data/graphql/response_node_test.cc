#include "data/graphql/response_node.h"

#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace gloss::graphql {
namespace {

ResponseNode Raw(std::string_view text) {
  ResponseNode node;
  node.kind = ResponseNode::Kind::kRawJson;
  node.text = text;
  return node;
}

TEST(GraphqlResponseNodeTest, WritesCompactJsonLikeDump) {
  const nlohmann::json dom = {{"b", "\xff"}, {"a", {1, 2.5}}};
  ResponseNode list;
  list.kind = ResponseNode::Kind::kList;
  list.children.push_back({{}, Raw("\"x\\n\"")});
  list.children.push_back({{}, ResponseNode{}});
  ResponseNode name;
  name.kind = ResponseNode::Kind::kName;
  name.text = "Image";
  ResponseNode from_dom;
  from_dom.kind = ResponseNode::Kind::kDom;
  from_dom.dom = &dom;
  ResponseNode empty;
  empty.kind = ResponseNode::Kind::kObject;
  ResponseNode root;
  root.kind = ResponseNode::Kind::kObject;
  root.children = {{"items", list},
                   {"__typename", name},
                   {"dom", from_dom},
                   {"empty", empty},
                   {"n", Raw("-3")},
                   {"none", ResponseNode{}},
                   {"emptyList", [] {
                      ResponseNode node;
                      node.kind = ResponseNode::Kind::kList;
                      return node;
                    }()}};
  std::string out = "prefix:";
  AppendJson(root, out);
  EXPECT_EQ(out,
            "prefix:{\"items\":[\"x\\n\",null],\"__typename\":\"Image\","
            "\"dom\":{\"a\":[1,2.5],\"b\":\"\xef\xbf\xbd\"},\"empty\":{},\"n\":-3,\"none\":null,"
            "\"emptyList\":[]}");
}

}  // namespace
}  // namespace gloss::graphql
