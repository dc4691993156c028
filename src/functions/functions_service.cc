#include "functions/functions_service.h"

#include <algorithm>
#include <chrono>
#include <system_error>

#include <fmt/chrono.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "config/references.h"
#include "core/random.h"
#include "functions/node_runtime.h"

namespace gloss::functions {
namespace {

namespace fs = std::filesystem;

// Where a function's worker lives: HOME and TMPDIR (Lambda's /tmp).
fs::path WorkDir(const fs::path& state_dir, std::string_view name) {
  return state_dir / "functions" / std::string(name) / "tmp";
}

std::string EntryLabel(const FunctionEntry& entry) {
  switch (entry.kind) {
    case FunctionEntryKind::kBuiltin: return "builtin";
    case FunctionEntryKind::kExecutable: return "provided";
    case FunctionEntryKind::kNode: return "nodejs";
  }
  return "provided";
}

// Lambda's log stream name: 2026/12/04/[$LATEST]<32 hex>.
std::string LogStreamName() {
  return fmt::format("{:%Y/%m/%d}/[$LATEST]{}", std::chrono::system_clock::now(),
                     RandomString(32, "0123456789abcdef"));
}

// Layers as Lambda lays them out under /opt: bin/ on PATH, lib/ on
// LD_LIBRARY_PATH, nodejs/node_modules/ on NODE_PATH (the folder itself too,
// for CommonJS requires of a layer that is a package folder).
void AddLayerPaths(const std::map<std::string, fs::path>& layers,
                   std::map<std::string, std::string>& env) {
  const auto prepend = [&env](const std::string& name, const fs::path& dir) {
    std::error_code error;
    if (!fs::is_directory(dir, error)) {
      return;
    }
    std::string& value = env[name];
    value = value.empty() ? dir.string() : dir.string() + ":" + value;
  };
  for (const auto& [module, folder] : layers) {
    prepend("PATH", folder / "bin");
    prepend("LD_LIBRARY_PATH", folder / "lib");
    prepend("NODE_PATH", folder / "nodejs" / "node_modules");
    prepend("NODE_PATH", folder.parent_path());
  }
}

// Overlay options cannot name folders with ':' or ','.
bool LayersMountable(const std::map<std::string, fs::path>& layers) {
  return std::ranges::none_of(layers, [](const auto& layer) {
    return layer.second.string().find_first_of(":,") != std::string::npos;
  });
}

}  // namespace

struct FunctionsService::Function {
  FunctionSpec spec;
  std::string arn;
  std::string region;
  std::map<std::string, std::string> environment;  // `environment`, templates resolved.
  std::string fingerprint;  // Equal fingerprints: the same workers would start.
  std::shared_ptr<FunctionPool> pool;
};

Result<std::unique_ptr<FunctionsService>> FunctionsService::Open(db::Database& database,
                                                                 FunctionsOptions options,
                                                                 Logger& logger) {
  ASSIGN_OR_RETURN(std::unique_ptr<FunctionLogs> logs,
                   FunctionLogs::Open(options.state_dir / "logs" / "functions"));
  auto service = std::unique_ptr<FunctionsService>(
      new FunctionsService(std::move(options), logger, std::move(logs)));
  AsyncOptions async_options;
  async_options.failures_dir = service->options_.state_dir / "functions" / "failures";
  async_options.retry_delay = service->options_.async_retry_delay;
  FunctionsService* self = service.get();
  ASSIGN_OR_RETURN(service->async_,
                   AsyncEvents::Open(
                       database, std::move(async_options),
                       [self](std::string_view name, InvocationRequest request) {
                         return self->Invoke(name, std::move(request));
                       },
                       [self](std::string_view name) -> std::optional<AsyncTarget> {
                         const std::shared_ptr<Function> function = self->Find(name);
                         if (!function) {
                           return std::nullopt;
                         }
                         return AsyncTarget{function->arn, function->spec.retry_attempts};
                       },
                       logger));
  return service;
}

FunctionsService::FunctionsService(FunctionsOptions options, Logger& logger,
                                   std::unique_ptr<FunctionLogs> logs)
    : options_(std::move(options)),
      logger_(logger),
      logs_(std::move(logs)),
      scheduler_([this](const std::string& function, const std::string& event) {
        if (Status accepted = InvokeAsync(function, event); !accepted.ok()) {
          logger_.Error("functions", "cannot run a scheduled invocation",
                        {{"function", function}, {"error", accepted.ToString()}});
        }
      }) {}

FunctionsService::~FunctionsService() { Shutdown(); }

Status FunctionsService::Start() {
  RETURN_IF_ERROR(async_->Start());
  scheduler_.Start();
  return Status::Ok();
}

void FunctionsService::Shutdown() {
  std::map<std::string, std::shared_ptr<Function>, std::less<>> functions;
  {
    std::lock_guard lock(mutex_);
    shut_down_ = true;
    functions.swap(functions_);
  }
  scheduler_.Stop();
  // Pools first: that ends the invocations the async threads wait on.
  for (const auto& [name, function] : functions) {
    function->pool->Shutdown();
  }
  if (async_) {
    async_->Stop();
  }
}

void FunctionsService::Apply(const BackendSpec& spec) {
  std::map<std::string, std::shared_ptr<Function>, std::less<>> next;
  for (const auto& [key, function_spec] : spec.functions) {
    std::shared_ptr<Function> built = Build(spec, function_spec);
    const std::shared_ptr<Function> current = Find(function_spec.name);
    next[function_spec.name] =
        current && current->fingerprint == built->fingerprint ? current : built;
  }
  std::map<std::string, std::shared_ptr<Function>, std::less<>> previous;
  {
    std::lock_guard lock(mutex_);
    if (shut_down_) {
      return;
    }
    previous.swap(functions_);
    functions_ = next;
    for (const auto& [name, function] : functions_) {
      CredentialsFor(name);
    }
    for (auto it = credentials_.begin(); it != credentials_.end();) {
      if (functions_.contains(it->first)) {
        ++it;
      } else {
        names_by_key_id_.erase(it->second.access_key_id);
        it = credentials_.erase(it);
      }
    }
  }
  scheduler_.Apply(spec, std::chrono::system_clock::now());
  // Replaced pools go when their last invocation returns (each holds a
  // reference); idle workers go now if nothing runs.
  previous.clear();
}

std::shared_ptr<FunctionsService::Function> FunctionsService::Build(const BackendSpec& spec,
                                                                    const FunctionSpec& function) {
  auto built = std::make_shared<Function>();
  built->spec = function;
  built->region = spec.region;
  built->arn = config::FunctionArn(spec.region, function.name);
  const config::Endpoint endpoint{options_.endpoint_url};
  for (const auto& [name, value] : function.environment) {
    built->environment[name] = config::ResolveTemplate(spec, value, endpoint);
  }
  nlohmann::json fingerprint = {
      {"entry",
       {static_cast<int>(function.entry.kind), function.entry.builtin,
        function.entry.path.string()}},
      {"timeout", function.timeout.count()},
      {"memory", function.memory_mb},
      {"environment", built->environment},
      {"secrets", function.secrets},
      {"concurrency", function.max_concurrency},
  };
  for (const auto& [module, folder] : function.layers) {
    fingerprint["layers"][module] = folder.string();
  }
  built->fingerprint = fingerprint.dump();

  PoolConfig config;
  config.function_name = function.name;
  config.function_arn = built->arn;
  config.timeout = function.timeout;
  config.memory_mb = function.memory_mb;
  config.max_concurrency = function.max_concurrency;
  config.runtime_label = EntryLabel(function.entry);
  Function* raw = built.get();  // The pool lives in *raw, so the callback never outlives it.
  config.process_spec = [this, raw](const std::string& runtime_api) {
    return WorkerSpec(*raw, runtime_api);
  };
  built->pool = std::make_shared<FunctionPool>(std::move(config), *logs_);
  if (function.entry.kind == FunctionEntryKind::kNode) {
    // Bundle now, so a broken handler is reported at load, not at first use.
    if (Result<ProcessSpec> ready = WorkerSpec(*built, "127.0.0.1:0"); !ready.ok()) {
      logger_.Error("functions", "function cannot start",
                    {{"function", function.name}, {"error", ready.status().message()}});
    }
  }
  return built;
}

Result<ProcessSpec> FunctionsService::WorkerSpec(const Function& function,
                                                 const std::string& runtime_api) {
  const FunctionSpec& spec = function.spec;
  const fs::path work_dir = WorkDir(options_.state_dir, spec.name);
  std::error_code error;
  fs::create_directories(work_dir, error);
  if (error) {
    return Status::Unavailable("cannot create " + work_dir.string() + ": " + error.message());
  }
  std::map<std::string, std::string> env = {
      {"PATH", "/usr/local/bin:/usr/bin:/bin"},
      {"LANG", "C.UTF-8"},
      {"TZ", ":UTC"},
      {"HOME", work_dir.string()},
      {"TMPDIR", work_dir.string()},
  };
  ProcessSpec process;
  process.cwd = work_dir;
  switch (spec.entry.kind) {
    case FunctionEntryKind::kBuiltin: {
      const fs::path executable = options_.builtin_dir / spec.entry.builtin;
      process.argv = {executable.string()};
      env["LAMBDA_TASK_ROOT"] = options_.builtin_dir.string();
      env["_HANDLER"] = spec.entry.builtin;
      break;
    }
    case FunctionEntryKind::kExecutable:
      process.argv = {spec.entry.path.string()};
      process.cwd = spec.entry.path.parent_path();
      env["LAMBDA_TASK_ROOT"] = process.cwd.string();
      env["_HANDLER"] = spec.entry.path.filename().string();
      break;
    case FunctionEntryKind::kNode: {
      std::lock_guard lock(node_mutex_);  // Prepare calls sharing a folder must not overlap.
      if (!node_) {
        ASSIGN_OR_RETURN(node_, NodeRuntime::Create({}));
      }
      NodeFunction node_function;
      node_function.name = spec.name;
      node_function.handler = spec.entry.path;
      node_function.out_dir = options_.state_dir / "functions" / spec.name / "node";
      for (const auto& [name, value] : function.environment) {
        node_function.env_names.push_back(name);
      }
      node_function.layers = spec.layers;
      ASSIGN_OR_RETURN(NodeWorkerSpec node, node_->Prepare(node_function));
      process.argv = std::move(node.argv);
      process.cwd = node.cwd;
      for (auto& [name, value] : node.env) {
        env[name] = std::move(value);
      }
      break;
    }
  }
  AddLayerPaths(spec.layers, env);
  if (!spec.layers.empty() && LayersMountable(spec.layers)) {
    // Merged read-only at /opt, as Lambda extracts layers; the /opt paths
    // come first, the folders' own paths stay as a fallback.
    for (const auto& [module, folder] : spec.layers) {
      process.opt_layers.push_back(folder);
    }
    const fs::path bottom = options_.state_dir / "functions" / spec.name / "empty-layer";
    fs::create_directories(bottom, error);
    process.opt_layers.push_back(bottom);
    for (const auto& [name, dir] :
         {std::pair{"PATH", "/opt/bin"}, std::pair{"LD_LIBRARY_PATH", "/opt/lib"},
          std::pair{"NODE_PATH", "/opt/nodejs/node_modules"}}) {
      std::string& value = env[name];
      value = value.empty() ? dir : std::string(dir) + ":" + value;
    }
  }
  for (const auto& [name, value] : function.environment) {
    env[name] = value;
  }
  if (!spec.secrets.empty()) {
    if (!options_.secrets) {
      return Status::FailedPrecondition("function " + spec.name +
                                        " needs secrets and there is no secret store");
    }
    std::vector<std::string> names;
    for (const auto& [variable, secret] : spec.secrets) {
      names.push_back(secret);
    }
    Result<std::map<std::string, std::string>> values = options_.secrets(names);
    if (!values.ok()) {
      return Status::FailedPrecondition("function " + spec.name + " cannot read its secrets: " +
                                        std::string(values.status().message()));
    }
    for (const auto& [variable, secret] : spec.secrets) {
      env[variable] = (*values)[secret];
    }
  }
  FunctionCredentials credentials;
  {
    std::lock_guard lock(mutex_);
    credentials = CredentialsFor(spec.name);
  }
  // The platform's variables last: a function cannot override them (Lambda
  // reserves them too).
  env["AWS_LAMBDA_RUNTIME_API"] = runtime_api;
  env["AWS_LAMBDA_FUNCTION_NAME"] = spec.name;
  env["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST";
  env["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = std::to_string(spec.memory_mb);
  env["AWS_LAMBDA_LOG_GROUP_NAME"] = "/aws/lambda/" + spec.name;
  env["AWS_LAMBDA_LOG_STREAM_NAME"] = LogStreamName();
  env["AWS_REGION"] = function.region;
  env["AWS_DEFAULT_REGION"] = function.region;
  env["AWS_ENDPOINT_URL"] = options_.endpoint_url;
  env["AWS_ACCESS_KEY_ID"] = credentials.access_key_id;
  env["AWS_SECRET_ACCESS_KEY"] = credentials.secret_access_key;
  env["AWS_SESSION_TOKEN"] = credentials.session_token;
  for (auto& [name, value] : env) {
    process.env.push_back(name + "=" + value);
  }
  return process;
}

const FunctionCredentials& FunctionsService::CredentialsFor(const std::string& name) {
  auto found = credentials_.find(name);
  if (found != credentials_.end()) {
    return found->second;
  }
  FunctionCredentials credentials;
  credentials.function_name = name;
  credentials.access_key_id = "ASIA" + RandomString(16, kUpperAlphanumeric);
  credentials.secret_access_key = RandomString(40, kBase62);
  credentials.session_token = RandomString(96, kBase62);
  names_by_key_id_[credentials.access_key_id] = name;
  return credentials_.emplace(name, std::move(credentials)).first->second;
}

std::shared_ptr<FunctionsService::Function> FunctionsService::Find(std::string_view name) const {
  std::lock_guard lock(mutex_);
  const auto found = functions_.find(name);
  return found == functions_.end() ? nullptr : found->second;
}

Result<InvocationResult> FunctionsService::Invoke(std::string_view name,
                                                  InvocationRequest request) {
  const std::shared_ptr<Function> function = Find(name);
  if (!function) {
    return Status::NotFound("Function not found: " + std::string(name));
  }
  return function->pool->Invoke(std::move(request));
}

Status FunctionsService::InvokeAsync(std::string_view name, std::string payload) {
  if (!Find(name)) {
    return Status::NotFound("Function not found: " + std::string(name));
  }
  if (payload.size() > kMaxAsyncPayloadBytes) {
    return Status::PayloadTooLarge("an asynchronous invocation's payload is limited to " +
                                   std::to_string(kMaxAsyncPayloadBytes) + " bytes");
  }
  return async_->Enqueue(name, std::move(payload));
}

std::optional<FunctionCredentials> FunctionsService::FindCredentials(
    std::string_view access_key_id) const {
  std::lock_guard lock(mutex_);
  const auto name = names_by_key_id_.find(access_key_id);
  if (name == names_by_key_id_.end()) {
    return std::nullopt;
  }
  return credentials_.find(name->second)->second;
}

std::vector<FunctionSummary> FunctionsService::List() const {
  std::lock_guard lock(mutex_);
  std::vector<FunctionSummary> summaries;
  for (const auto& [name, function] : functions_) {
    summaries.push_back({name, function->arn, function->pool->Stats()});
  }
  return summaries;
}

}  // namespace gloss::functions
