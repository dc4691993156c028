// The admin operations of the user pool (Admin*, ListUsers, ListGroups).
// UserPool::Call runs them only for an admin caller.

#include <algorithm>
#include <charconv>
#include <functional>

#include "auth/internal/cognito_status.h"
#include "auth/password_policy.h"
#include "auth/user_pool.h"
#include "core/random.h"

namespace gloss::auth {
namespace {

constexpr int64_t kMaxPageSize = 60;

// A temporary password that satisfies `policy`: every character class, long
// enough, drawn from the system CSPRNG.
std::string TemporaryPassword(const PasswordPolicy& policy) {
  const size_t length = std::max<size_t>(16, static_cast<size_t>(policy.min_length));
  std::string password = RandomString(1, "ABCDEFGHJKLMNPQRSTUVWXYZ") +
                         RandomString(1, "abcdefghijkmnopqrstuvwxyz") +
                         RandomString(1, "23456789") + RandomString(1, "^$*.[]{}()?!@#%&");
  password += RandomString(length - password.size(), kBase62);
  return password;
}

// One page of `groups` as Cognito's {"Groups": [...], "NextToken"}: the token
// is the decimal offset of the next page.
Result<nlohmann::json> GroupPage(
    const std::vector<std::string>& groups, const CognitoRequest& request,
    const std::function<nlohmann::json(std::string_view)>& group_type) {
  ASSIGN_MEMBER_OR_RETURN(const std::optional<int64_t> limit,
                          request.OptionalInteger("Limit", 0, kMaxPageSize));
  ASSIGN_MEMBER_OR_RETURN(const std::optional<std::string> token,
                          request.OptionalString("NextToken", 1, 16));
  size_t offset = 0;
  if (token) {
    const auto [end, error] = std::from_chars(token->data(), token->data() + token->size(), offset);
    if (error != std::errc() || end != token->data() + token->size() || offset > groups.size()) {
      return CognitoError(kInvalidParameterException, "Invalid NextToken.");
    }
  }
  const size_t page = limit.value_or(0) > 0 ? static_cast<size_t>(*limit) : kMaxPageSize;
  nlohmann::json result = {{"Groups", nlohmann::json::array()}};
  for (size_t i = offset; i < groups.size() && i < offset + page; ++i) {
    result["Groups"].push_back(group_type(groups[i]));
  }
  if (offset + page < groups.size()) {
    result["NextToken"] = std::to_string(offset + page);
  }
  return result;
}

}  // namespace

Result<nlohmann::json> UserPool::CallAdmin(std::string_view name, const CognitoRequest& request,
                                           TimePoint now) {
  ASSIGN_MEMBER_OR_RETURN(const std::string pool_id, request.RequiredString("UserPoolId", 1, 55));
  if (pool_id != identity_.pool_id) {
    return CognitoError(kResourceNotFoundException, "User pool " + pool_id + " does not exist.");
  }
  if (name == "AdminCreateUser") {
    return AdminCreateUser(request, now);
  }
  if (name == "AdminGetUser") {
    return AdminGetUser(request);
  }
  if (name == "AdminDeleteUser") {
    return AdminDeleteUser(request);
  }
  if (name == "AdminAddUserToGroup") {
    return AdminGroupMembership(request, /*add=*/true);
  }
  if (name == "AdminRemoveUserFromGroup") {
    return AdminGroupMembership(request, /*add=*/false);
  }
  if (name == "AdminListGroupsForUser") {
    return AdminListGroupsForUser(request);
  }
  if (name == "AdminConfirmSignUp") {
    return AdminConfirmSignUp(request, now);
  }
  if (name == "AdminSetUserPassword") {
    return AdminSetUserPassword(request, now);
  }
  if (name == "AdminDisableUser" || name == "AdminEnableUser") {
    return AdminSetEnabled(request, name == "AdminEnableUser", now);
  }
  if (name == "AdminUpdateUserAttributes") {
    return AdminUpdateUserAttributes(request, now);
  }
  if (name == "ListUsers") {
    return ListUsers(request);
  }
  if (name == "ListGroups") {
    return ListGroups(request);
  }
  return Status::Unimplemented("the user pool does not implement " + std::string(name) + " yet");
}

Result<UserRecord> UserPool::AdminTargetUser(const CognitoRequest& request) {
  ASSIGN_MEMBER_OR_RETURN(const std::string username, request.RequiredString("Username", 1, 128));
  Result<UserRecord> user = store_->FindByUsernameOrAlias(username);
  if (!user.ok() && user.status().code() == StatusCode::kNotFound) {
    return CognitoError(kUserNotFoundException, "User does not exist.");
  }
  return user;
}

nlohmann::json UserPool::UserType(const UserRecord& user,
                                  std::string_view attributes_member) const {
  return nlohmann::json{{"Username", user.username},
                        {std::string(attributes_member), AttributeList(user)},
                        {"UserCreateDate", EpochSeconds(user.created_at)},
                        {"UserLastModifiedDate", EpochSeconds(user.updated_at)},
                        {"Enabled", user.enabled},
                        {"UserStatus", UserStatusName(user.status)}};
}

nlohmann::json UserPool::GroupType(std::string_view name) const {
  const std::vector<std::string>& groups = options_.spec.groups;
  const auto position = std::find(groups.begin(), groups.end(), name);
  return nlohmann::json{{"GroupName", name},
                        {"UserPoolId", identity_.pool_id},
                        {"Precedence", position - groups.begin()},
                        {"CreationDate", EpochSeconds(identity_.created_at)},
                        {"LastModifiedDate", EpochSeconds(identity_.created_at)}};
}

Result<nlohmann::json> UserPool::AdminCreateUser(const CognitoRequest& request, TimePoint now) {
  ASSIGN_MEMBER_OR_RETURN(const std::string username, request.RequiredString("Username", 1, 128));
  ASSIGN_MEMBER_OR_RETURN(const std::vector<UserAttribute> given,
                          request.Attributes("UserAttributes"));
  ASSIGN_MEMBER_OR_RETURN(const std::optional<std::string> temporary,
                          request.OptionalString("TemporaryPassword", 1, 256));
  ASSIGN_MEMBER_OR_RETURN(const std::optional<std::string> action,
                          request.OptionalString("MessageAction", 1, 16));
  if (action && *action != "SUPPRESS" && *action != "RESEND") {
    return CognitoError(kInvalidParameterException,
                        "1 validation error detected: Value '" + *action +
                            "' at 'messageAction' failed to satisfy constraint: Member must "
                            "satisfy enum value set: [RESEND, SUPPRESS]");
  }
  if (temporary) {
    if (Status policy = CheckPassword(*temporary, options_.spec.password_policy); !policy.ok()) {
      return PolicyError(policy);
    }
  }
  const std::string password =
      temporary ? *temporary : TemporaryPassword(options_.spec.password_policy);

  UserRecord user;
  if (action && *action == "RESEND") {
    // A new invitation (and temporary password) for a user who never signed in.
    ASSIGN_OR_RETURN(user, AdminTargetUser(request));
    if (user.status != UserStatus::kForceChangePassword) {
      return CognitoError(
          kUnsupportedUserStateException,
          "Resend not possible. " + user.username + " status is not FORCE_CHANGE_PASSWORD.");
    }
    RETURN_IF_ERROR(SetPassword(user, password, now));
  } else {
    Attributes attributes;
    for (const UserAttribute& attribute : given) {
      if (attribute.name == "sub") {
        return CognitoError(kInvalidParameterException,
                            "Cannot modify the non-mutable attribute sub");
      }
      attributes[attribute.name] = attribute.value;
    }
    ASSIGN_OR_RETURN(NewUser fresh,
                     NewUserFor(username, std::move(attributes), UserStatus::kForceChangePassword));
    Result<UserRecord> created = CreateUserWithPassword(std::move(fresh), password, now);
    if (!created.ok() && created.status().code() == StatusCode::kAlreadyExists) {
      return UsernameExists("User account already exists");
    }
    RETURN_IF_ERROR(created.status());
    user = *std::move(created);
  }
  if (!action || *action != "SUPPRESS") {
    const auto email = user.attributes.find("email");
    RETURN_IF_ERROR(
        AppendOutbox({{"time", IsoTime(now)},
                      {"username", username},
                      {"kind", "invite"},
                      {"temporaryPassword", password},
                      {"destination", email != user.attributes.end() ? email->second : ""}}));
    logger_.Info("auth", "invitation with temporary password (sandbox outbox)",
                 {{"username", username}, {"temporaryPassword", password}});
  }
  ASSIGN_OR_RETURN(const UserRecord stored, store_->FindBySub(user.sub));
  return nlohmann::json{{"User", UserType(stored, "Attributes")}};
}

Result<nlohmann::json> UserPool::AdminGetUser(const CognitoRequest& request) {
  ASSIGN_OR_RETURN(const UserRecord user, AdminTargetUser(request));
  return UserType(user, "UserAttributes");
}

Result<nlohmann::json> UserPool::AdminDeleteUser(const CognitoRequest& request) {
  ASSIGN_OR_RETURN(const UserRecord user, AdminTargetUser(request));
  RETURN_IF_ERROR(store_->DeleteUser(user.sub));
  return nlohmann::json::object();
}

Result<nlohmann::json> UserPool::AdminGroupMembership(const CognitoRequest& request, bool add) {
  ASSIGN_MEMBER_OR_RETURN(const std::string group, request.RequiredString("GroupName", 1, 128));
  ASSIGN_OR_RETURN(const UserRecord user, AdminTargetUser(request));
  RETURN_IF_ERROR(add ? store_->AddUserToGroup(user.sub, group)
                      : store_->RemoveUserFromGroup(user.sub, group));
  return nlohmann::json::object();
}

Result<nlohmann::json> UserPool::AdminListGroupsForUser(const CognitoRequest& request) {
  ASSIGN_OR_RETURN(const UserRecord user, AdminTargetUser(request));
  ASSIGN_OR_RETURN(const std::vector<std::string> groups, store_->GroupsOfUser(user.sub));
  return GroupPage(groups, request, [this](std::string_view name) { return GroupType(name); });
}

Result<nlohmann::json> UserPool::ListGroups(const CognitoRequest& request) {
  return GroupPage(options_.spec.groups, request,
                   [this](std::string_view name) { return GroupType(name); });
}

Result<nlohmann::json> UserPool::ListUsers(const CognitoRequest& request) {
  ASSIGN_MEMBER_OR_RETURN(const std::optional<int64_t> limit,
                          request.OptionalInteger("Limit", 0, kMaxPageSize));
  ASSIGN_MEMBER_OR_RETURN(const std::optional<std::string> token,
                          request.OptionalString("PaginationToken", 1, 512));
  ASSIGN_MEMBER_OR_RETURN(const std::optional<std::string> filter,
                          request.OptionalString("Filter", 0, 256));
  ASSIGN_MEMBER_OR_RETURN(const std::vector<std::string> wanted,
                          request.StringList("AttributesToGet"));
  ListUsersRequest list;
  list.limit = limit.value_or(0) > 0 ? static_cast<int>(*limit) : static_cast<int>(kMaxPageSize);
  list.pagination_token = token.value_or("");
  list.filter = filter.value_or("");
  ASSIGN_OR_RETURN(const ListUsersPage page, store_->ListUsers(list));
  nlohmann::json users = nlohmann::json::array();
  for (const UserRecord& user : page.users) {
    nlohmann::json entry = UserType(user, "Attributes");
    if (!wanted.empty()) {
      nlohmann::json kept = nlohmann::json::array();
      for (const nlohmann::json& attribute : entry["Attributes"]) {
        if (std::find(wanted.begin(), wanted.end(), attribute["Name"].get<std::string>()) !=
            wanted.end()) {
          kept.push_back(attribute);
        }
      }
      entry["Attributes"] = std::move(kept);
    }
    users.push_back(std::move(entry));
  }
  nlohmann::json result = {{"Users", std::move(users)}};
  if (page.next_token) {
    result["PaginationToken"] = *page.next_token;
  }
  return result;
}

Result<nlohmann::json> UserPool::AdminConfirmSignUp(const CognitoRequest& request, TimePoint now) {
  ASSIGN_OR_RETURN(const UserRecord user, AdminTargetUser(request));
  if (user.status != UserStatus::kUnconfirmed) {
    return CognitoError(kNotAuthorizedException, "User cannot be confirmed. Current status is " +
                                                     std::string(UserStatusName(user.status)));
  }
  RETURN_IF_ERROR(store_->UpdateStatus(user.sub, UserStatus::kConfirmed, now));
  return nlohmann::json::object();
}

Result<nlohmann::json> UserPool::AdminSetUserPassword(const CognitoRequest& request,
                                                      TimePoint now) {
  ASSIGN_MEMBER_OR_RETURN(const std::string password, request.RequiredString("Password", 1, 256));
  ASSIGN_MEMBER_OR_RETURN(const std::optional<bool> permanent, request.OptionalBool("Permanent"));
  ASSIGN_OR_RETURN(const UserRecord user, AdminTargetUser(request));
  if (Status policy = CheckPassword(password, options_.spec.password_policy); !policy.ok()) {
    return PolicyError(policy);
  }
  RETURN_IF_ERROR(SetPassword(user, password, now));
  RETURN_IF_ERROR(store_->UpdateStatus(
      user.sub,
      permanent.value_or(false) ? UserStatus::kConfirmed : UserStatus::kForceChangePassword, now));
  RETURN_IF_ERROR(store_->RevokeAllRefreshTokens(user.sub, now));
  return nlohmann::json::object();
}

Result<nlohmann::json> UserPool::AdminSetEnabled(const CognitoRequest& request, bool enabled,
                                                 TimePoint now) {
  ASSIGN_OR_RETURN(const UserRecord user, AdminTargetUser(request));
  RETURN_IF_ERROR(store_->SetEnabled(user.sub, enabled, now));
  if (!enabled) {
    RETURN_IF_ERROR(store_->RevokeAllRefreshTokens(user.sub, now));
  }
  return nlohmann::json::object();
}

Result<nlohmann::json> UserPool::AdminUpdateUserAttributes(const CognitoRequest& request,
                                                           TimePoint now) {
  ASSIGN_MEMBER_OR_RETURN(const std::vector<UserAttribute> given,
                          request.Attributes("UserAttributes"));
  ASSIGN_OR_RETURN(const UserRecord user, AdminTargetUser(request));
  Attributes changes;
  for (const UserAttribute& attribute : given) {
    if (attribute.name == "sub") {
      return CognitoError(kInvalidParameterException,
                          "Cannot modify the non-mutable attribute sub");
    }
    changes[attribute.name] = attribute.value;
  }
  RETURN_IF_ERROR(store_->UpdateAttributes(user.sub, changes, now));
  return nlohmann::json::object();
}

}  // namespace gloss::auth
