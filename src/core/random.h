// Cryptographically secure random strings (libsodium's randombytes), for
// access keys, secrets and ids that must not be guessable.
//
// Thread safety: safe from any thread (libsodium is initialised on first use).

#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace gloss {

inline constexpr std::string_view kUpperAlphanumeric = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
inline constexpr std::string_view kBase62 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

// `length` characters drawn uniformly from `alphabet` (non-empty, < 2^32).
std::string RandomString(size_t length, std::string_view alphabet);

// A random (version 4) UUID in lower-case text form, e.g. a user's `sub`.
std::string RandomUuid();

}  // namespace gloss
