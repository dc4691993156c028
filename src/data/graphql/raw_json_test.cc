#include "data/graphql/raw_json.h"

#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace gloss::graphql {
namespace {

using Json = nlohmann::json;

// What Scan promises for `text`: if it indexes it, nlohmann::json::parse
// accepts it as an object with the same members (the last of duplicates), and
// canonical members' text is how their values dump.
void ExpectScanAgreesWithParse(const std::string& text) {
  const std::optional<RawObject> raw = RawObject::Scan(text);
  if (!raw.has_value()) {
    return;
  }
  const Json dom = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(dom.is_discarded()) << text;
  ASSERT_TRUE(dom.is_object()) << text;
  size_t distinct = 0;
  for (const RawObject::Member& member : raw->members()) {
    const RawObject::Member* found = raw->Find(member.name);
    ASSERT_NE(found, nullptr);
    if (found != &member) {
      continue;  // A duplicate name: the last one counts.
    }
    ++distinct;
    const auto dom_member = dom.find(std::string(member.name));
    ASSERT_NE(dom_member, dom.end()) << text;
    const Json value = Json::parse(member.value, nullptr, /*allow_exceptions=*/false);
    ASSERT_FALSE(value.is_discarded()) << member.value;
    EXPECT_EQ(value, *dom_member) << text;
    if (member.canonical) {
      EXPECT_EQ(value.dump(), member.value) << text;
    }
    if (member.kind == RawKind::kString && !member.escaped) {
      EXPECT_EQ(value.get<std::string>(), member.unquoted());
    }
    if (member.kind == RawKind::kNumber && member.canonical) {
      EXPECT_EQ(value.get<int64_t>(), member.integer());
    }
  }
  EXPECT_EQ(distinct, dom.size()) << text;
}

TEST(GraphqlRawJsonTest, ScanIndexesTopLevelMembers) {
  const std::string text = R"( {"id":"a1", "n" : -12, "f":1.5, "ok":true, "no":false, "z":null,)"
                           R"( "list":[1,{"x":[]}], "obj":{"k":"v"}, "e":"tab\there"} )";
  const std::optional<RawObject> raw = RawObject::Scan(text);
  ASSERT_TRUE(raw.has_value());
  ASSERT_EQ(raw->members().size(), 9u);
  const RawObject::Member* id = raw->Find("id");
  ASSERT_NE(id, nullptr);
  EXPECT_EQ(id->value, "\"a1\"");
  EXPECT_EQ(id->kind, RawKind::kString);
  EXPECT_TRUE(id->canonical);
  EXPECT_EQ(id->unquoted(), "a1");
  EXPECT_EQ(raw->Find("n")->value, "-12");
  EXPECT_EQ(raw->Find("n")->integer(), -12);
  EXPECT_TRUE(raw->Find("n")->canonical);
  EXPECT_FALSE(raw->Find("f")->canonical);  // Only integers are vouched for.
  EXPECT_EQ(raw->Find("ok")->kind, RawKind::kTrue);
  EXPECT_EQ(raw->Find("no")->kind, RawKind::kFalse);
  EXPECT_EQ(raw->Find("z")->kind, RawKind::kNull);
  EXPECT_EQ(raw->Find("list")->value, R"([1,{"x":[]}])");
  EXPECT_EQ(raw->Find("list")->kind, RawKind::kArray);
  EXPECT_EQ(raw->Find("obj")->kind, RawKind::kObject);
  EXPECT_TRUE(raw->Find("e")->escaped);
  EXPECT_TRUE(raw->Find("e")->canonical);
  EXPECT_EQ(raw->Find("missing"), nullptr);
  ExpectScanAgreesWithParse(text);
}

TEST(GraphqlRawJsonTest, DuplicateNamesFindTheLast) {
  const std::optional<RawObject> raw = RawObject::Scan(R"({"a":1,"a":2})");
  ASSERT_TRUE(raw.has_value());
  EXPECT_EQ(raw->Find("a")->value, "2");
  ExpectScanAgreesWithParse(R"({"a":1,"a":2})");
}

TEST(GraphqlRawJsonTest, CanonicalIsHowDumpWritesTheValue) {
  const auto canonical = [](const std::string& value) {
    const std::string text = "{\"v\":" + value + "}";
    const std::optional<RawObject> raw = RawObject::Scan(text);  // Views `text`.
    EXPECT_TRUE(raw.has_value()) << value;
    return raw.has_value() && raw->Find("v")->canonical;
  };
  EXPECT_TRUE(canonical(R"("plain é ✓ \" \\ \b \f \n \r \t \u0001 \u001f")"));
  EXPECT_FALSE(canonical(R"("\/")"));
  EXPECT_FALSE(canonical(R"("\u0041")"));  // dump writes "A".
  EXPECT_FALSE(canonical(R"("\u000a")"));  // dump writes \n.
  EXPECT_FALSE(canonical(R"("\u001F")"));  // dump writes lower-case hex.
  EXPECT_FALSE(canonical(R"("\u00e9")"));
  EXPECT_TRUE(canonical("0"));
  EXPECT_TRUE(canonical("123456789012345678"));
  EXPECT_FALSE(canonical("1234567890123456789"));  // 19 digits.
  EXPECT_FALSE(canonical("-0"));                   // dump writes 0.
  EXPECT_FALSE(canonical("1.0"));
  EXPECT_FALSE(canonical("1e2"));
  EXPECT_TRUE(canonical("true"));
  EXPECT_FALSE(canonical("[]"));
  EXPECT_FALSE(canonical("{}"));
}

TEST(GraphqlRawJsonTest, RejectsWhatParseRejects) {
  for (const std::string text : {
           "",
           "[]",
           "\"s\"",
           "{",
           "{\"a\"}",
           "{\"a\":}",
           "{\"a\":1,}",
           "{\"a\":1 \"b\":2}",
           "{\"a\":01}",
           "{\"a\":1.}",
           "{\"a\":.5}",
           "{\"a\":-}",
           "{\"a\":1e}",
           "{\"a\":+1}",
           "{\"a\":tru}",
           "{\"a\":nul}",
           "{\"a\":\"x}",
           "{\"a\":\"\\x\"}",
           "{\"a\":\"\\u12\"}",
           "{\"a\":\"\x01\"}",
           "{\"a\":\"\xff\"}",
           "{\"a\":\"\xc0\xaf\"}",
           "{\"a\":\"\xed\xa0\x80\"}",
           "{\"a\":[1,]}",
           "{\"a\":{\"b\"}}",
           "{} x",
           "{}{}",
           "{'a':1}",
       }) {
    EXPECT_FALSE(RawObject::Scan(text).has_value()) << text;
    EXPECT_TRUE(Json::parse(text, nullptr, false).is_discarded() ||
                !Json::parse(text, nullptr, false).is_object())
        << text;
  }
}

TEST(GraphqlRawJsonTest, DeclinesValidTextItDoesNotIndex) {
  std::string deep = "{\"a\":";
  for (int depth = 0; depth < RawObject::kMaxDepth; ++depth) {
    deep += "[";
  }
  deep += std::string(RawObject::kMaxDepth, ']') + "}";
  for (const std::string& text :
       {std::string(R"({"a\u0062":1})"), std::string(R"({"a":"\ud83d\ude00"})"), deep}) {
    EXPECT_FALSE(RawObject::Scan(text).has_value()) << text;
    EXPECT_TRUE(Json::parse(text).is_object()) << text;  // The DOM fallback takes them.
  }
}

// Random JSON objects, written canonically and with every kind of
// non-canonical spelling, then byte-mutated: Scan must never vouch for text
// that parse reads differently.
class Generator {
 public:
  explicit Generator(uint32_t seed) : random_(seed) {}

  std::string Object(int depth) {
    std::string out = Pick(3) == 0 ? " {" : "{";
    const int members = Pick(5);
    for (int member = 0; member < members; ++member) {
      if (member > 0) {
        out += Pick(4) == 0 ? " , " : ",";
      }
      out += String(/*name=*/true) + ":" + Value(depth);
    }
    return out + (Pick(3) == 0 ? "}\n" : "}");
  }

  std::string Mutate(std::string text) {
    if (text.empty()) {
      return text;
    }
    const size_t at = Pick(static_cast<int>(text.size()));
    static constexpr char kBytes[] = "{}[]\",:\\u0-e.+ \x01\x7f\xc3\xa9\xed\xa0\xff";
    switch (Pick(3)) {
      case 0: text.erase(at, 1); break;
      case 1: text.insert(at, 1, kBytes[Pick(sizeof(kBytes) - 1)]); break;
      default: text[at] = kBytes[Pick(sizeof(kBytes) - 1)]; break;
    }
    return text;
  }

 private:
  int Pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(random_); }

  std::string Value(int depth) {
    switch (Pick(depth > 3 ? 4 : 6)) {
      case 0: return String(false);
      case 1: return Number();
      case 2: {
        static constexpr const char* kLiterals[] = {"true", "false", "null"};
        return kLiterals[Pick(3)];
      }
      case 3: return String(false);
      case 4: return Object(depth + 1);
      default: {
        std::string out = "[";
        const int items = Pick(4);
        for (int item = 0; item < items; ++item) {
          out += (item > 0 ? "," : "") + Value(depth + 1);
        }
        return out + "]";
      }
    }
  }

  std::string Number() {
    static constexpr const char* kNumbers[] = {"0",
                                               "-0",
                                               "7",
                                               "-42",
                                               "123456789012345678",
                                               "1234567890123456789",
                                               "1.5",
                                               "-2.25",
                                               "1e3",
                                               "1E-2",
                                               "0.1",
                                               "18446744073709551616",
                                               "3.0",
                                               "-0.0",
                                               "1e400",
                                               "99999999999999999999999"};
    return kNumbers[Pick(sizeof(kNumbers) / sizeof(kNumbers[0]))];
  }

  std::string String(bool name) {
    static constexpr const char* kPieces[] = {"a",        "id",           "x y",
                                              "\\\"",     "\\\\",         "\\/",
                                              "\\b",      "\\f",          "\\n",
                                              "\\r",      "\\t",          "\\u0001",
                                              "\\u001f",  "\\u001F",      "\\u0041",
                                              "\\u00e9",  "\\u000a",      "\\ud83d\\ude00",
                                              "\xc3\xa9", "\xe2\x9c\x93", "\xf0\x9f\x98\x80",
                                              "\x7f"};
    std::string out = "\"";
    const int pieces = Pick(name ? 2 : 4);
    for (int piece = 0; piece < pieces; ++piece) {
      out += kPieces[Pick(sizeof(kPieces) / sizeof(kPieces[0]))];
    }
    return out + "\"";
  }

  std::mt19937 random_;
};

TEST(GraphqlRawJsonTest, RandomTextNeverDisagreesWithParse) {
  Generator generator(20261204);
  int scanned = 0;
  for (int round = 0; round < 4000; ++round) {
    std::string text = generator.Object(1);
    ExpectScanAgreesWithParse(text);
    scanned += RawObject::Scan(text).has_value() ? 1 : 0;
    for (int mutation = 0; mutation < 3; ++mutation) {
      text = generator.Mutate(text);
      ExpectScanAgreesWithParse(text);
    }
  }
  EXPECT_GT(scanned, 1000);  // The generator mostly writes text Scan indexes.
}

TEST(GraphqlRawJsonTest, RawObjectValueCarriesTheText) {
  const Json value = RawObjectValue(R"({"a":1})");
  EXPECT_EQ(RawObjectText(value), std::optional<std::string_view>(R"({"a":1})"));
  EXPECT_EQ(RawObjectText(Json(R"({"a":1})")), std::nullopt);
  EXPECT_EQ(RawObjectText(Json::binary({1, 2, 3})), std::nullopt);
  EXPECT_EQ(RawObjectText(Json::binary({1, 2, 3}, 7)), std::nullopt);
}

}  // namespace
}  // namespace gloss::graphql
