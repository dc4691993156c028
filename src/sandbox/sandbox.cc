#include "sandbox/sandbox.h"

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <mutex>
#include <regex>
#include <utility>

#include <unistd.h>

#include "auth/identity_pool.h"
#include "auth/principal_resolver.h"
#include "auth/user_pool.h"
#include "config/backend_loader.h"
#include "config/outputs.h"
#include "config/references.h"
#include "core/blocking_pool.h"
#include "core/clock.h"
#include "core/metrics.h"
#include "data/service/data_service.h"
#include "db/database.h"
#include "functions/functions_service.h"
#include "functions/secret_store.h"
#include "http/server.h"
#include "queue/event_source.h"
#include "queue/queue_config.h"
#include "queue/queue_store.h"
#include "sandbox/file_watcher.h"
#include "sandbox/function_bridges.h"
#include "sandbox/function_policies.h"
#include "sandbox/service_routes.h"
#include "sandbox/state_dir.h"
#include "storage/api/storage_access.h"
#include "storage/object_store.h"
#include "storage/outbox_dispatcher.h"
#include "storage/s3/s3_errors.h"

namespace gloss::sandbox {
namespace {

namespace fs = std::filesystem;

constexpr std::chrono::milliseconds kReloadDebounce{150};
constexpr std::chrono::seconds kShutdownGrace{10};
// Blocking-pool threads spend most of their time waiting on disk syncs and
// SQLite locks, not on a core: 16 let 16 concurrent uploads each have their
// sync in flight (with 4, 1 MB PUTs at 16 connections were half as fast).
constexpr size_t kBlockingThreads = 16;

// Built-in functions (`builtin:NAME`) are executables in bin/functions/ next
// to the gloss binary (sdk/CMakeLists.txt).
fs::path BuiltinFunctionsDir() {
  std::error_code error;
  const fs::path self = fs::read_symlink("/proc/self/exe", error);
  return error ? fs::path("functions") : self.parent_path() / "functions";
}

// Tests shorten Lambda's one-minute retry delay of asynchronous invocations.
std::chrono::milliseconds AsyncRetryDelay() {
  const char* value = std::getenv("GLOSS_FUNCTION_RETRY_DELAY_MS");
  if (value == nullptr || *value == '\0') {
    return std::chrono::minutes(1);
  }
  return std::chrono::milliseconds(std::strtoll(value, nullptr, 10));
}

std::vector<fs::path> WatchedFiles(const BackendSpec& spec) {
  std::vector<fs::path> files = {spec.backend_file};
  if (spec.data) {
    files.push_back(spec.data->schema_file);
  }
  return files;
}

}  // namespace

class Sandbox::Impl {
 public:
  Impl(const SandboxOptions& options, Logger& logger) : options_(options), logger_(logger) {}
  ~Impl() { Shutdown(); }

  Status Start();
  void Shutdown();
  uint16_t port() const { return server_->port(); }
  std::string BaseUrl() const {
    return "http://" + options_.address + ":" + std::to_string(port());
  }

 private:
  std::shared_ptr<const BackendSpec> CurrentSpec() const { return std::atomic_load(&spec_); }
  Status WriteOutputs(const BackendSpec& spec);
  // The SigV4 keys the sandbox knows: the admin pair, functions' keys and
  // identity-pool credentials.
  auth::AccessKeyLookup KeyLookup() const;
  // User principals' identity ids, when there is an identity pool.
  auth::IdentityIdLookup IdentityLookup() const;
  void LogServices(const BackendSpec& spec);
  void Reload();
  Status OpenFunctions();
  Status OpenStorage();
  Status OpenQueues();
  // Creates the queues `spec` declares, or brings their attributes to it.
  Status EnsureDeclaredQueues(const BackendSpec& spec);
  // Creates the buckets `spec` declares that do not exist yet.
  Status CreateDeclaredBuckets(const BackendSpec& spec);
  std::shared_ptr<const storage::StorageAccess> AccessFor(const BackendSpec& spec) const;

  const SandboxOptions options_;
  Logger& logger_;
  const std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();

  MetricsRegistry metrics_;
  std::shared_ptr<const BackendSpec> spec_;  // Read and swapped with std::atomic_load/store.
  // The functions' IAM policies of spec_; std::atomic_load/store.
  std::shared_ptr<const FunctionPolicies> function_policies_;
  std::unique_ptr<StateDir> state_;
  db::DatabasePtr database_;
  std::unique_ptr<auth::UserPool> user_pool_;          // Set when [auth] exists.
  std::unique_ptr<auth::IdentityPool> identity_pool_;  // Set with user_pool_.
  std::unique_ptr<auth::PrincipalResolver> resolver_;
  std::unique_ptr<functions::SecretStore> secrets_;
  std::unique_ptr<functions::FunctionsService> functions_;
  std::unique_ptr<DataFunctionInvoker> function_invoker_;
  std::unique_ptr<FunctionLogPrinter> log_printer_;  // With --stream-function-logs.
  std::unique_ptr<StorageTriggers> storage_triggers_;
  std::unique_ptr<data::DataService> data_service_;  // Set when [data] exists.
  SystemClock clock_;
  std::unique_ptr<storage::OutboxDispatcher> storage_events_;
  std::unique_ptr<storage::ObjectStore> object_store_;
  std::unique_ptr<queue::QueueStore> queues_;
  std::unique_ptr<queue::EventSourceMappings> queue_triggers_;
  // Who may do what in which bucket, for spec_; std::atomic_load/store.
  std::shared_ptr<const storage::StorageAccess> storage_access_;
  std::unique_ptr<BlockingPool> pool_;
  std::unique_ptr<SystemRouteContext> route_context_;
  std::unique_ptr<http::Server> server_;
  std::mutex reload_mutex_;               // Serialises Reload() with the assignment of watcher_.
  std::unique_ptr<FileWatcher> watcher_;  // Guarded by reload_mutex_ until Start() returns.
  bool stopped_ = false;
};

Status Sandbox::Impl::Start() {
  ASSIGN_OR_RETURN(BackendSpec loaded, config::LoadBackend(options_.app_dir));
  spec_ = std::make_shared<const BackendSpec>(std::move(loaded));

  ASSIGN_OR_RETURN(state_, StateDir::Open(options_.state_dir));
  db::DatabaseOptions database_options;
  database_options.url = options_.database_url.empty()
                             ? "sqlite://" + state_->DatabaseFile().string()
                             : options_.database_url;
  ASSIGN_OR_RETURN(database_, db::OpenDatabase(database_options));
  pool_ = std::make_unique<BlockingPool>(kBlockingThreads);

  route_context_ = std::make_unique<SystemRouteContext>(
      SystemRouteContext{*pool_, *database_, metrics_, started_, [this] { return CurrentSpec(); }});
  http::ServerOptions server_options;
  server_options.address = options_.address;
  server_options.port = options_.port;
  server_options.threads = options_.io_threads;
  ASSIGN_OR_RETURN(server_, http::Server::Start(server_options, BuildRouteTable(*route_context_),
                                                logger_, metrics_));
  // The user pool's issuer holds the port, known only now; its routes replace
  // the NotImplemented ones before the sandbox is announced as ready.
  if (spec_->auth) {
    auth::UserPoolOptions pool_options;
    pool_options.spec = *spec_->auth;
    pool_options.region = spec_->region;
    pool_options.base_url = BaseUrl();
    pool_options.signing_key_file = state_->root() / "keys" / "user-pool.pem";
    pool_options.outbox_file = state_->root() / "auth" / "outbox.jsonl";
    ASSIGN_OR_RETURN(user_pool_, auth::UserPool::Open(*database_, pool_options, logger_,
                                                      std::chrono::system_clock::now()));
    route_context_->user_pool = user_pool_.get();
    ASSIGN_OR_RETURN(identity_pool_,
                     auth::IdentityPool::Open(*database_, *user_pool_, spec_->region,
                                              std::chrono::system_clock::now()));
    route_context_->identity_pool = identity_pool_.get();
  }
  function_policies_ =
      std::make_shared<const FunctionPolicies>(*spec_, config::Endpoint{BaseUrl()});
  RETURN_IF_ERROR(OpenFunctions());
  resolver_ =
      std::make_unique<auth::PrincipalResolver>(user_pool_.get(), KeyLookup(), IdentityLookup());
  route_context_->resolver = resolver_.get();
  if (spec_->data) {
    data::DataServiceOptions data_options;
    data_options.schema_file = spec_->data->schema_file;
    data_options.region = spec_->region;
    data_options.function_policies = [this](std::string_view name) {
      return std::atomic_load(&function_policies_)->Find(name);
    };
    ASSIGN_OR_RETURN(data_options.page_token_key, state_->LoadOrCreateSecret("data-page-token"));
    ASSIGN_OR_RETURN(data_service_, data::DataService::Open(*database_, data_options,
                                                            function_invoker_.get(), logger_));
    route_context_->data_service = data_service_.get();
  }
  RETURN_IF_ERROR(OpenStorage());
  RETURN_IF_ERROR(OpenQueues());
  RETURN_IF_ERROR(functions_->Start());
  queue_triggers_ = std::make_unique<queue::EventSourceMappings>(*queues_, logger_);
  queue_triggers_->Apply(QueueMappings(*spec_, *functions_));
  server_->SetRoutes(BuildRouteTable(*route_context_));

  RETURN_IF_ERROR(WriteOutputs(*spec_));
  LogServices(*spec_);
  logger_.Info("sandbox", "admin credentials",
               {{"accessKeyId", state_->admin().access_key_id},
                {"secretAccessKey", state_->admin().secret_access_key},
                {"file", (state_->root() / "credentials.json").string()}});
  if (options_.stream_function_logs || options_.logs_filter) {
    std::optional<std::regex> filter;
    if (options_.logs_filter) {
      filter.emplace(*options_.logs_filter, std::regex::ECMAScript);
    }
    log_printer_ = std::make_unique<FunctionLogPrinter>(
        functions_->logs(), stdout, ::isatty(STDOUT_FILENO) == 1, std::move(filter));
  }

  // Reload() may fire as soon as the watcher runs; it waits for watcher_ to be set.
  std::lock_guard lock(reload_mutex_);
  ASSIGN_OR_RETURN(watcher_,
                   FileWatcher::Start(WatchedFiles(*spec_), kReloadDebounce, [this] { Reload(); }));
  return Status::Ok();
}

Status Sandbox::Impl::OpenFunctions() {
  ASSIGN_OR_RETURN(secrets_, functions::SecretStore::Open(state_->root() / "secrets"));
  functions::FunctionsOptions options;
  options.state_dir = state_->root();
  options.builtin_dir = BuiltinFunctionsDir();
  options.endpoint_url = BaseUrl();
  options.secrets = [store = secrets_.get()](const std::vector<std::string>& names) {
    return store->GetMany(names);
  };
  options.async_retry_delay = AsyncRetryDelay();
  ASSIGN_OR_RETURN(functions_, functions::FunctionsService::Open(*database_, options, logger_));
  functions_->Apply(*spec_);
  function_invoker_ = std::make_unique<DataFunctionInvoker>(*functions_);
  route_context_->functions = functions_.get();
  route_context_->function_policies = [this](std::string_view name) {
    return std::atomic_load(&function_policies_)->Find(name);
  };
  return Status::Ok();
}

Status Sandbox::Impl::OpenStorage() {
  // Events wait in the outbox until the functions service subscribes to them.
  ASSIGN_OR_RETURN(storage_events_, storage::OutboxDispatcher::Create(*database_, clock_, logger_,
                                                                      storage::OutboxOptions{}));
  storage::ObjectStoreOptions store_options;
  store_options.root = (state_->root() / "objects").string();
  store_options.on_events_committed = [events = storage_events_.get()] { events->Wake(); };
  ASSIGN_OR_RETURN(object_store_,
                   storage::ObjectStore::Open(*database_, clock_, logger_, store_options));
  RETURN_IF_ERROR(CreateDeclaredBuckets(*spec_));
  // Before Start(): events with no subscriber yet are not kept for later ones.
  storage_triggers_ = std::make_unique<StorageTriggers>(*storage_events_, *functions_);
  RETURN_IF_ERROR(storage_triggers_->Apply(*spec_));
  storage_events_->Start();
  storage_access_ = AccessFor(*spec_);
  route_context_->logger = &logger_;
  route_context_->admin = state_->admin();
  route_context_->storage_access = [this] { return std::atomic_load(&storage_access_); };
  route_context_->object_store = object_store_.get();
  return Status::Ok();
}

Status Sandbox::Impl::OpenQueues() {
  queue::QueueStoreOptions options;
  options.region = spec_->region;
  ASSIGN_OR_RETURN(queues_, queue::QueueStore::Open(*database_, clock_, options));
  RETURN_IF_ERROR(EnsureDeclaredQueues(*spec_));
  route_context_->endpoint = BaseUrl();
  route_context_->queues = queues_.get();
  return Status::Ok();
}

Status Sandbox::Impl::EnsureDeclaredQueues(const BackendSpec& spec) {
  for (const auto& [key, queue] : spec.queues) {
    RETURN_IF_ERROR(
        queues_->EnsureQueue(queue.name, queue::AttributesOf(queue, spec.queues, spec.region)));
  }
  return Status::Ok();
}

Status Sandbox::Impl::CreateDeclaredBuckets(const BackendSpec& spec) {
  for (const auto& [key, bucket] : spec.storage) {
    const Status created = object_store_->CreateBucket(bucket.name);
    if (!created.ok() &&
        storage::s3::S3ErrorCodeOf(created) != storage::s3::S3ErrorCode::kBucketAlreadyOwnedByYou) {
      return created;
    }
  }
  return Status::Ok();
}

std::shared_ptr<const storage::StorageAccess> Sandbox::Impl::AccessFor(
    const BackendSpec& spec) const {
  return std::make_shared<const storage::StorageAccess>(
      spec.storage,
      [this](std::string_view name) { return std::atomic_load(&function_policies_)->Find(name); });
}

auth::AccessKeyLookup Sandbox::Impl::KeyLookup() const {
  return [this, admin = state_->admin()](
             std::string_view access_key_id) -> std::optional<auth::AccessKeyOwner> {
    if (access_key_id == admin.access_key_id) {
      auth::AccessKeyOwner owner;
      owner.credential.secret_access_key = admin.secret_access_key;
      owner.kind = auth::PrincipalKind::kAdmin;
      return owner;
    }
    if (const auto function = functions_->FindCredentials(access_key_id)) {
      auth::AccessKeyOwner owner;
      owner.credential.secret_access_key = function->secret_access_key;
      owner.credential.session_token = function->session_token;
      owner.kind = auth::PrincipalKind::kFunction;
      owner.function_name = function->function_name;
      return owner;
    }
    if (identity_pool_) {
      Result<std::optional<auth::AccessKeyOwner>> found =
          identity_pool_->FindCredentials(access_key_id, std::chrono::system_clock::now());
      if (found.ok()) {
        return *std::move(found);
      }
      logger_.Error("sandbox", "cannot look up identity credentials",
                    {{"error", found.status().ToString()}});
    }
    return std::nullopt;
  };
}

auth::IdentityIdLookup Sandbox::Impl::IdentityLookup() const {
  if (!identity_pool_) {
    return {};
  }
  return [pool = identity_pool_.get()](std::string_view sub) {
    return pool->IdentityIdForUser(sub, std::chrono::system_clock::now());
  };
}

Status Sandbox::Impl::WriteOutputs(const BackendSpec& spec) {
  nlohmann::json outputs = config::RenderOutputs(spec, config::Endpoint{BaseUrl()});
  if (user_pool_ && outputs.contains("auth")) {
    outputs["auth"]["user_pool_id"] = user_pool_->identity().pool_id;
    outputs["auth"]["user_pool_client_id"] = user_pool_->identity().client_id;
    outputs["auth"]["identity_pool_id"] = identity_pool_->pool_id();
    outputs["auth"]["unauthenticated_identities_enabled"] = true;
  }
  // The API key lives with the user pool's state; it is created on first start
  // and listed here, as Amplify lists it, until it expires.
  if (user_pool_ && spec.data && spec.data->api_key && outputs.contains("data")) {
    ASSIGN_OR_RETURN(const auth::ApiKeyRecord api_key,
                     user_pool_->EnsureApiKey(static_cast<int>(spec.data->api_key->expires_in_days),
                                              std::chrono::system_clock::now()));
    outputs["data"]["api_key"] = api_key.key;
  }
  if (data_service_ && outputs.contains("data")) {
    outputs["data"]["model_introspection"] = data_service_->ModelIntrospection();
  }
  return config::WriteOutputsFile(spec.app_dir / "gloss_outputs.json", outputs);
}

void Sandbox::Impl::LogServices(const BackendSpec& spec) {
  for (const ServiceState& state : ServiceStates(spec, route_context_->active())) {
    if (state.configured && !state.active) {
      logger_.Info("sandbox", "section validated; service inactive in this build",
                   {{"service", state.name}});
    }
  }
}

void Sandbox::Impl::Reload() {
  std::lock_guard lock(reload_mutex_);
  Result<BackendSpec> loaded = config::LoadBackend(options_.app_dir);
  if (!loaded.ok()) {
    logger_.Error("sandbox", "reload rejected; still serving the previous definition",
                  {{"error", loaded.status().message()}});
    return;
  }
  auto next = std::make_shared<const BackendSpec>(std::move(loaded).value());
  if (data_service_) {
    // A bad data schema keeps the previous one serving, like a bad backend.toml.
    if (Status reloaded = data_service_->Reload(); !reloaded.ok()) {
      logger_.Error("sandbox", "data schema rejected; still serving the previous one",
                    {{"error", reloaded.message()}});
    }
  }
  std::atomic_store(&function_policies_,
                    std::make_shared<const FunctionPolicies>(*next, config::Endpoint{BaseUrl()}));
  functions_->Apply(*next);
  if (Status subscribed = storage_triggers_->Apply(*next); !subscribed.ok()) {
    logger_.Error("sandbox", "cannot subscribe storage triggers",
                  {{"error", subscribed.ToString()}});
  }
  if (object_store_) {
    if (Status created = CreateDeclaredBuckets(*next); !created.ok()) {
      logger_.Error("sandbox", "cannot create buckets", {{"error", created.ToString()}});
    }
    std::atomic_store(&storage_access_, AccessFor(*next));
  }
  if (queues_) {
    if (Status ensured = EnsureDeclaredQueues(*next); !ensured.ok()) {
      logger_.Error("sandbox", "cannot create queues", {{"error", ensured.ToString()}});
    }
    queue_triggers_->Apply(QueueMappings(*next, *functions_));
  }
  std::atomic_store(&spec_, next);
  server_->SetRoutes(BuildRouteTable(*route_context_));
  if (Status written = WriteOutputs(*next); !written.ok()) {
    logger_.Error("sandbox", "cannot write outputs", {{"error", written.ToString()}});
  }
  if (Status watched = watcher_->Watch(WatchedFiles(*next)); !watched.ok()) {
    logger_.Error("sandbox", "cannot watch files", {{"error", watched.ToString()}});
  }
  logger_.Info("sandbox", "reloaded backend definition",
               {{"storage", next->storage.size()},
                {"queues", next->queues.size()},
                {"functions", next->functions.size()}});
  LogServices(*next);
}

void Sandbox::Impl::Shutdown() {
  if (stopped_) {
    return;
  }
  stopped_ = true;
  if (watcher_) {
    watcher_->Stop();
  }
  // Order matters: the server drains and joins its threads first, then the
  // blocking pool finishes (its completions post to the still-alive server
  // contexts), and only then the server and database go away.
  const bool was_serving = server_ != nullptr;
  // Functions first: that ends invocations requests may be waiting on.
  log_printer_.reset();
  if (functions_) {
    functions_->Shutdown();
  }
  // After functions: a delivery in flight ends with them.
  queue_triggers_.reset();
  if (queues_) {
    queues_->EndLongPolls();  // Or the server would wait for them.
  }
  if (server_) {
    server_->Shutdown(kShutdownGrace);
  }
  if (pool_) {
    pool_->Shutdown();
  }
  if (storage_events_) {
    storage_events_->Stop();
  }
  if (queues_) {
    queues_->Stop();
  }
  server_.reset();
  if (was_serving) {
    logger_.Info("sandbox", "stopped");
  }
}

Sandbox::Sandbox(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Sandbox::~Sandbox() = default;

Result<std::unique_ptr<Sandbox>> Sandbox::Start(const SandboxOptions& options, Logger& logger) {
  auto impl = std::make_unique<Impl>(options, logger);
  RETURN_IF_ERROR(impl->Start());
  return std::unique_ptr<Sandbox>(new Sandbox(std::move(impl)));
}

uint16_t Sandbox::port() const { return impl_->port(); }
std::string Sandbox::BaseUrl() const { return impl_->BaseUrl(); }
void Sandbox::Shutdown() { impl_->Shutdown(); }

}  // namespace gloss::sandbox
