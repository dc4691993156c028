#include "storage/internal/catalog_migrations.h"

#include <array>

#include "db/database.h"

namespace gloss::storage::internal {
namespace {

// Keys are {{blob}}: both engines order blobs byte-wise (S3's listing order),
// whatever the text collation. The six content-header columns are NULL when
// the client did not send the header. Times are Unix milliseconds.
// Partial indexes (WHERE state = ...) keep the outbox indexes as small as
// the pending and delivered sets; both engines support them.
constexpr std::array<db::Migration, 1> kMigrations = {{
    {1, "create object store tables",
     "CREATE TABLE storage_buckets ("
     "  name TEXT PRIMARY KEY,"
     "  created_at {{int64}} NOT NULL) {{strict}};"
     "CREATE TABLE storage_objects ("
     "  bucket TEXT NOT NULL REFERENCES storage_buckets (name),"
     "  object_key {{blob}} NOT NULL,"
     "  blob_id TEXT NOT NULL,"
     "  size {{int64}} NOT NULL,"
     "  etag TEXT NOT NULL,"
     "  content_type TEXT,"
     "  content_encoding TEXT,"
     "  content_disposition TEXT,"
     "  cache_control TEXT,"
     "  content_language TEXT,"
     "  expires TEXT,"
     "  user_metadata TEXT NOT NULL,"
     "  checksums TEXT NOT NULL,"
     "  last_modified {{int64}} NOT NULL,"
     "  sequencer {{int64}} NOT NULL,"
     "  PRIMARY KEY (bucket, object_key)) {{strict}};"
     "CREATE INDEX storage_objects_blob_id ON storage_objects (blob_id);"
     "CREATE TABLE storage_uploads ("
     "  upload_id TEXT PRIMARY KEY,"
     "  bucket TEXT NOT NULL REFERENCES storage_buckets (name),"
     "  object_key {{blob}} NOT NULL,"
     "  initiated_at {{int64}} NOT NULL,"
     "  content_type TEXT,"
     "  content_encoding TEXT,"
     "  content_disposition TEXT,"
     "  cache_control TEXT,"
     "  content_language TEXT,"
     "  expires TEXT,"
     "  user_metadata TEXT NOT NULL) {{strict}};"
     "CREATE INDEX storage_uploads_bucket_key ON storage_uploads (bucket, object_key, upload_id);"
     "CREATE TABLE storage_parts ("
     "  upload_id TEXT NOT NULL REFERENCES storage_uploads (upload_id) ON DELETE CASCADE,"
     "  part_number {{int64}} NOT NULL CHECK (part_number BETWEEN 1 AND 10000),"
     "  blob_id TEXT NOT NULL,"
     "  size {{int64}} NOT NULL,"
     "  etag TEXT NOT NULL,"
     "  checksums TEXT NOT NULL,"
     "  last_modified {{int64}} NOT NULL,"
     "  PRIMARY KEY (upload_id, part_number)) {{strict}};"
     "CREATE INDEX storage_parts_blob_id ON storage_parts (blob_id);"
     "CREATE TABLE storage_sequence ("
     "  singleton {{int64}} PRIMARY KEY CHECK (singleton = 1),"
     "  last_value {{int64}} NOT NULL) {{strict}};"
     "INSERT INTO storage_sequence (singleton, last_value) VALUES (1, 0);"
     "CREATE TABLE storage_events ("
     "  sequencer {{int64}} PRIMARY KEY,"
     "  event_name TEXT NOT NULL,"
     "  bucket TEXT NOT NULL,"
     "  object_key {{blob}} NOT NULL,"
     "  size {{int64}} NOT NULL,"
     "  etag TEXT NOT NULL,"
     "  event_time {{int64}} NOT NULL,"
     "  principal_id TEXT NOT NULL,"
     "  source_ip TEXT NOT NULL,"
     "  request_id TEXT NOT NULL,"
     "  state TEXT NOT NULL CHECK (state IN ('pending', 'delivered', 'failed')),"
     "  attempts {{int64}} NOT NULL,"
     "  next_attempt_at {{int64}} NOT NULL,"
     "  delivered_to TEXT NOT NULL,"
     "  last_error TEXT NOT NULL,"
     "  updated_at {{int64}} NOT NULL) {{strict}};"
     "CREATE INDEX storage_events_due ON storage_events (next_attempt_at)"
     "  WHERE state = 'pending';"
     "CREATE INDEX storage_events_pending_key ON storage_events (bucket, object_key, sequencer)"
     "  WHERE state = 'pending';"
     "CREATE INDEX storage_events_delivered ON storage_events (updated_at)"
     "  WHERE state = 'delivered';"
     "CREATE INDEX storage_events_failed ON storage_events (sequencer)"
     "  WHERE state = 'failed';"},
}};

}  // namespace

std::span<const db::Migration> StorageMigrations() { return kMigrations; }

Status MigrateCatalog(db::Database& database) {
  return db::Migrate(database, kStorageMigrationComponent, StorageMigrations());
}

}  // namespace gloss::storage::internal
