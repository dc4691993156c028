#include "gloss/testing/loopback_server.h"

#include <algorithm>
#include <cstdlib>
#include <string>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

namespace gloss::sdk::testing {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char ch) {
    return static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
  });
  return out;
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

// The first byte of a TLS record carrying a handshake message (a ClientHello).
constexpr char kTlsHandshakeRecord = 0x16;

// A server context for `identity`, or null.
SSL_CTX* MakeServerContext(const TestCertificate& identity) {
  SSL_CTX* context = SSL_CTX_new(TLS_server_method());
  if (context == nullptr) {
    return nullptr;
  }
  BIO* certificate_bio = BIO_new_mem_buf(identity.certificate_pem.data(),
                                         static_cast<int>(identity.certificate_pem.size()));
  BIO* key_bio = BIO_new_mem_buf(identity.private_key_pem.data(),
                                 static_cast<int>(identity.private_key_pem.size()));
  X509* certificate = certificate_bio == nullptr
                          ? nullptr
                          : PEM_read_bio_X509(certificate_bio, nullptr, nullptr, nullptr);
  EVP_PKEY* key =
      key_bio == nullptr ? nullptr : PEM_read_bio_PrivateKey(key_bio, nullptr, nullptr, nullptr);
  const bool ok = certificate != nullptr && key != nullptr &&
                  SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION) == 1 &&
                  SSL_CTX_use_certificate(context, certificate) == 1 &&
                  SSL_CTX_use_PrivateKey(context, key) == 1;
  X509_free(certificate);
  EVP_PKEY_free(key);
  BIO_free(certificate_bio);
  BIO_free(key_bio);
  if (!ok) {
    SSL_CTX_free(context);
    return nullptr;
  }
  return context;
}

std::string Reason(unsigned status) {
  switch (status) {
    case 200: return "OK";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 413: return "Payload Too Large";
    default: return "Status";
  }
}

}  // namespace

// One accepted connection, plain or TLS: blocking reads and writes.
class LoopbackServer::Connection {
 public:
  Connection(int fd, SSL* ssl) : fd_(fd), ssl_(ssl) {}
  ~Connection() { SSL_free(ssl_); }  // Without SSL_shutdown: no close_notify.
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool tls() const { return ssl_ != nullptr; }

  // Bytes read into `data`; 0 or less when the peer closed or failed.
  ssize_t Read(char* data, size_t size) {
    if (ssl_ != nullptr) {
      return SSL_read(ssl_, data, static_cast<int>(size));
    }
    return ::recv(fd_, data, size, 0);
  }

  bool WriteAll(std::string_view data) {
    while (!data.empty()) {
      const ssize_t written = ssl_ != nullptr
                                  ? SSL_write(ssl_, data.data(), static_cast<int>(data.size()))
                                  : ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (written <= 0) {
        return false;
      }
      data.remove_prefix(static_cast<size_t>(written));
    }
    return true;
  }

 private:
  const int fd_;
  SSL* const ssl_;  // Owned; null for plain http.
};

void LoopbackServer::SslContextDeleter::operator()(ssl_ctx_st* context) const {
  SSL_CTX_free(context);
}

std::string CapturedRequest::Header(std::string_view name) const {
  for (const auto& [field, value] : headers) {
    if (field == name) {
      return value;
    }
  }
  return "";
}

bool CapturedRequest::HasHeader(std::string_view name) const {
  return std::any_of(headers.begin(), headers.end(),
                     [&](const auto& field) { return field.first == name; });
}

http::RequestHead CapturedRequest::ToRequestHead() const {
  http::RequestHead head;
  head.method = method;
  head.target = target;
  const size_t question = target.find('?');
  head.path = target.substr(0, question);
  head.query = question == std::string::npos ? "" : target.substr(question + 1);
  for (const auto& [name, value] : headers) {
    head.headers.Add(name, value);
  }
  head.content_length = body.size();
  head.remote_address = "127.0.0.1";
  return head;
}

Result<std::unique_ptr<LoopbackServer>> LoopbackServer::Start(Handler handler,
                                                              LoopbackServerOptions options) {
  SslContextPtr tls;
  if (options.tls) {
    tls.reset(MakeServerContext(*options.tls));
    if (!tls) {
      return Status::InvalidArgument("unusable TLS certificate or key");
    }
  }
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    return Status::Unavailable("socket failed");
  }
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      ::listen(fd, 16) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    return Status::Unavailable("cannot listen on 127.0.0.1");
  }
  return std::unique_ptr<LoopbackServer>(
      new LoopbackServer(fd, ntohs(address.sin_port), std::move(handler), std::move(tls)));
}

LoopbackServer::LoopbackServer(int listen_fd, uint16_t port, Handler handler, SslContextPtr tls)
    : listen_fd_(listen_fd), port_(port), handler_(std::move(handler)), tls_(std::move(tls)) {
  thread_ = std::thread([this] { Serve(); });
}

LoopbackServer::~LoopbackServer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    if (current_fd_ >= 0) {
      ::shutdown(current_fd_, SHUT_RDWR);
    }
  }
  // Wakes accept(2) on Linux.
  ::shutdown(listen_fd_, SHUT_RDWR);
  thread_.join();
  ::close(listen_fd_);
}

std::string LoopbackServer::Address() const { return "127.0.0.1:" + std::to_string(port_); }
std::string LoopbackServer::Url() const { return (tls_ ? "https://" : "http://") + Address(); }

std::vector<CapturedRequest> LoopbackServer::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

int LoopbackServer::connections() const {
  std::lock_guard lock(mutex_);
  return connections_;
}

void LoopbackServer::Serve() {
  // OpenSSL writes with write(2): a client that went away must fail the
  // write, not kill the test process with SIGPIPE.
  sigset_t pipe_signal;
  sigemptyset(&pipe_signal);
  sigaddset(&pipe_signal, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe_signal, nullptr);
  while (true) {
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) {
      return;  // Shut down.
    }
    int connection = 0;
    {
      std::lock_guard lock(mutex_);
      if (stopping_) {
        ::close(fd);
        return;
      }
      current_fd_ = fd;
      connection = ++connections_;
    }
    SSL* ssl = nullptr;
    if (tls_) {
      ssl = SSL_new(tls_.get());
      // A failed handshake (the client refused the certificate) ends the
      // connection before any request.
      if (ssl != nullptr && (SSL_set_fd(ssl, fd) != 1 || SSL_accept(ssl) != 1)) {
        SSL_free(ssl);
        ssl = nullptr;
      }
    }
    if (!tls_ || ssl != nullptr) {
      Connection stream(fd, ssl);
      ServeConnection(stream, connection);
    }
    {
      std::lock_guard lock(mutex_);
      current_fd_ = -1;
    }
    ::close(fd);
  }
}

void LoopbackServer::ServeConnection(Connection& connection, int number) {
  std::string buffer;
  char chunk[16 * 1024];
  while (true) {
    size_t header_end;
    while ((header_end = buffer.find("\r\n\r\n")) == std::string::npos) {
      const ssize_t got = connection.Read(chunk, sizeof(chunk));
      if (got <= 0) {
        return;
      }
      buffer.append(chunk, static_cast<size_t>(got));
      if (!connection.tls() && buffer.front() == kTlsHandshakeRecord) {
        // https to an http port: what a plain http server answers.
        connection.WriteAll(
            "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        return;
      }
    }
    CapturedRequest request;
    request.connection = number;
    std::string_view head(buffer.data(), header_end);
    const size_t line_end = head.find("\r\n");
    const std::string_view request_line = head.substr(0, line_end);
    const size_t space1 = request_line.find(' ');
    const size_t space2 = request_line.rfind(' ');
    request.method = std::string(request_line.substr(0, space1));
    request.target = std::string(request_line.substr(space1 + 1, space2 - space1 - 1));
    size_t content_length = 0;
    std::string_view fields =
        line_end == std::string_view::npos ? std::string_view() : head.substr(line_end + 2);
    while (!fields.empty()) {
      const size_t end = fields.find("\r\n");
      const std::string_view line = fields.substr(0, end);
      fields = end == std::string_view::npos ? std::string_view() : fields.substr(end + 2);
      const size_t colon = line.find(':');
      std::string name = Lower(line.substr(0, colon));
      std::string value(Trim(line.substr(colon + 1)));
      if (name == "content-length") {
        content_length = std::strtoull(value.c_str(), nullptr, 10);
      }
      request.headers.emplace_back(std::move(name), std::move(value));
    }
    buffer.erase(0, header_end + 4);
    while (buffer.size() < content_length) {
      const ssize_t got = connection.Read(chunk, sizeof(chunk));
      if (got <= 0) {
        return;
      }
      buffer.append(chunk, static_cast<size_t>(got));
    }
    request.body = buffer.substr(0, content_length);
    buffer.erase(0, content_length);
    {
      std::lock_guard lock(mutex_);
      requests_.push_back(request);
    }

    const ScriptedResponse response = handler_(request);
    if (response.delay.count() > 0) {
      std::this_thread::sleep_for(response.delay);
    }
    if (response.drop_before_reply) {
      return;
    }
    std::string out =
        "HTTP/1.1 " + std::to_string(response.status) + " " + Reason(response.status) + "\r\n";
    bool has_length = false;
    for (const auto& [name, value] : response.headers) {
      has_length = has_length || Lower(name) == "content-length";
      out += name + ": " + value + "\r\n";
    }
    if (!has_length && !response.close_delimited) {
      out += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
    }
    out += "\r\n";
    if (request.method != "HEAD") {
      out += response.body;
    }
    if (!connection.WriteAll(out) || response.drop_after_reply || response.close_delimited) {
      return;
    }
  }
}

}  // namespace gloss::sdk::testing
