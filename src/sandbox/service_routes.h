// The routes Gloss serves itself (health, metrics) and the routes of AWS
// services that the backend definition names but this build does not serve
// yet: those answer 501 with a message saying which service it is, instead of
// a misleading 404.
//
// Thread safety: handlers may run on any I/O thread concurrently; everything
// they capture must outlive the route table.

#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "auth/identity_pool.h"
#include "auth/principal_resolver.h"
#include "auth/user_pool.h"
#include "core/backend_spec.h"
#include "core/blocking_pool.h"
#include "core/logger.h"
#include "core/metrics.h"
#include "data/service/data_service.h"
#include "db/database.h"
#include "functions/functions_service.h"
#include "http/router.h"
#include "queue/queue_store.h"
#include "sandbox/state_dir.h"
#include "storage/api/storage_access.h"
#include "storage/object_store.h"

namespace gloss::sandbox {

// One service of ARCHITECTURE §4 and whether this build serves it.
struct ServiceState {
  std::string name;  // "auth", "data", "storage", "queues", "functions".
  bool configured;   // The backend definition has its section.
  bool active;       // This build serves it.
};

// Which services this sandbox has running.
struct ActiveServices {
  bool auth = false;       // The user pool is open ([auth] exists).
  bool data = false;       // The AppSync API serves ([data] exists).
  bool storage = false;    // The S3 API serves (the object store is open).
  bool functions = false;  // Functions run.
  bool queues = false;     // The SQS API serves.
};

std::vector<ServiceState> ServiceStates(const BackendSpec& spec, const ActiveServices& active);

struct SystemRouteContext {
  BlockingPool& pool;
  db::Database& database;
  MetricsRegistry& metrics;
  std::chrono::steady_clock::time_point started;
  // Returns the spec currently served (it changes on reload).
  std::function<std::shared_ptr<const BackendSpec>()> current_spec;
  // The user pool, once open; null serves the Cognito API as NotImplemented.
  auth::UserPool* user_pool = nullptr;
  // The identity pool, open with the user pool.
  auth::IdentityPool* identity_pool = nullptr;
  // Resolves request principals; set once the services are open.
  const auth::PrincipalResolver* resolver = nullptr;
  // The AppSync API, once open; null serves /graphql as NotImplemented.
  data::DataService* data_service = nullptr;
  Logger* logger = nullptr;  // Set with object_store.
  // The object store, once open; null serves S3 as NotImplemented.
  storage::ObjectStore* object_store = nullptr;
  // Signs the URLs of POST /_gloss/storage/presign.
  AdminCredentials admin{};
  // Who may do what in which bucket, for the spec currently served.
  std::function<std::shared_ptr<const storage::StorageAccess>()> storage_access{};

  // The functions service, once open; null serves Lambda's API as NotImplemented.
  functions::FunctionsService* functions = nullptr;
  // The functions' IAM policies, for functions that invoke functions.
  aws::IamPolicyLookup function_policies{};

  // The queue store, once open; null serves SQS as NotImplemented.
  queue::QueueStore* queues = nullptr;
  // Base URL of queue URLs (the sandbox's own).
  std::string endpoint{};

  ActiveServices active() const {
    return {user_pool != nullptr, data_service != nullptr, object_store != nullptr,
            functions != nullptr, queues != nullptr};
  }
};

// Builds the table: /_gloss/health, /_gloss/metrics, the user pool when
// open, and 501 routes for every other AWS-shaped API of §4. `context` must
// outlive the table.
std::shared_ptr<const http::RouteTable> BuildRouteTable(const SystemRouteContext& context);

}  // namespace gloss::sandbox
