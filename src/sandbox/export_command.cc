#include "sandbox/export_command.h"

#include <fstream>
#include <iostream>
#include <system_error>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "gloss/data_client.h"

namespace gloss::sandbox {
namespace {

constexpr int kExitRuntime = 1;

Result<nlohmann::json> ReadJsonFile(const std::filesystem::path& path) {
  std::ifstream file(path);
  if (!file) {
    return Status::NotFound("cannot read " + path.string() +
                            " (is `gloss sandbox` running on this app?)");
  }
  nlohmann::json parsed = nlohmann::json::parse(file, nullptr, false);
  if (parsed.is_discarded()) {
    return Status::Corruption(path.string() + " is not JSON");
  }
  return parsed;
}

bool SafeFileName(const std::string& name) {
  return !name.empty() && name.front() != '.' && name.find('/') == std::string::npos &&
         name.find('\\') == std::string::npos;
}

}  // namespace

int RunExportCommand(const ExportCommand& command) {
  const Result<nlohmann::json> outputs = ReadJsonFile(command.app_dir / "gloss_outputs.json");
  const Result<nlohmann::json> keys = ReadJsonFile(command.state_dir / "credentials.json");
  for (const Result<nlohmann::json>* read : {&outputs, &keys}) {
    if (!read->ok()) {
      std::cerr << "gloss: " << read->status().message() << "\n";
      return kExitRuntime;
    }
  }
  ClientConfig config;
  config.endpoint = outputs->value("/data/url"_json_pointer, "");
  config.access_key_id = keys->value("accessKeyId", "");
  config.secret_access_key = keys->value("secretAccessKey", "");
  config.region = outputs->value("/data/aws_region"_json_pointer, "us-east-1");
  config.timeout = std::chrono::seconds(120);
  Outcome<DataClient> client = DataClient::Create(config);
  if (!client.ok()) {
    std::cerr << "gloss: " << client.error().ToString() << "\n";
    return kExitRuntime;
  }
  Outcome<nlohmann::json> answer = client.value().Execute(
      "query Export($projectId: ID!, $format: String!) {"
      " exportAnnotations(projectId: $projectId, format: $format) }",
      {{"projectId", command.project_id}, {"format", command.format}});
  if (!answer.ok()) {
    std::cerr << "gloss: export failed: " << answer.error().message << "\n";
    return kExitRuntime;
  }
  const nlohmann::json& raw = answer.value()["exportAnnotations"];
  const nlohmann::json result =
      raw.is_string() ? nlohmann::json::parse(raw.get<std::string>(), nullptr, false) : raw;
  if (!result.is_object() || !result.contains("files") || !result["files"].is_object()) {
    std::cerr << "gloss: export failed: the sandbox's answer has no files\n";
    return kExitRuntime;
  }
  std::error_code error;
  std::filesystem::create_directories(command.out_dir, error);
  if (error) {
    std::cerr << "gloss: cannot create " << command.out_dir.string() << ": " << error.message()
              << "\n";
    return kExitRuntime;
  }
  for (const auto& [name, text] : result["files"].items()) {
    if (!SafeFileName(name) || !text.is_string()) {
      std::cerr << "gloss: refusing to write '" << name << "'\n";
      return kExitRuntime;
    }
    std::ofstream file(command.out_dir / name, std::ios::binary | std::ios::trunc);
    file << text.get<std::string>();
    if (!file) {
      std::cerr << "gloss: cannot write " << (command.out_dir / name).string() << "\n";
      return kExitRuntime;
    }
  }
  std::cout << "gloss: exported " << result.value("images", 0) << " images and "
            << result.value("objects", 0) << " objects as " << command.format << " to "
            << command.out_dir.string() << " (" << result["files"].size() << " files)\n";
  return 0;
}

}  // namespace gloss::sandbox
