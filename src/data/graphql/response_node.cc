#include "data/graphql/response_node.h"

#include <string>

#include <nlohmann/json.hpp>

namespace gloss::graphql {

void AppendJson(const ResponseNode& node, std::string& out) {
  switch (node.kind) {
    case ResponseNode::Kind::kNull: out += "null"; return;
    case ResponseNode::Kind::kRawJson: out += node.text; return;
    case ResponseNode::Kind::kName:
      out += '"';
      out += node.text;
      out += '"';
      return;
    case ResponseNode::Kind::kDom:
      out += node.dom->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
      return;
    case ResponseNode::Kind::kList:
      out += '[';
      for (size_t child_idx = 0; child_idx < node.children.size(); ++child_idx) {
        if (child_idx > 0) {
          out += ',';
        }
        AppendJson(node.children[child_idx].value, out);
      }
      out += ']';
      return;
    case ResponseNode::Kind::kObject:
      out += '{';
      for (size_t child_idx = 0; child_idx < node.children.size(); ++child_idx) {
        if (child_idx > 0) {
          out += ',';
        }
        out += '"';
        out += node.children[child_idx].key;
        out += "\":";
        AppendJson(node.children[child_idx].value, out);
      }
      out += '}';
      return;
  }
}

}  // namespace gloss::graphql
