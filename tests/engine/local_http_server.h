// A local HTTP server for downloader tests (plain POSIX sockets on
// 127.0.0.1, an ephemeral port, its own thread; every wait is bounded and it
// stops by itself). Used by the engine's downloader tests and by the GUI's
// download button.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace testdata {

using Bytes = std::string;

// Serves fixed bodies by path, one connection at a time, HTTP/1.1 with
// "Connection: close". Honours "Range: bytes=N-" unless told not to.
class LocalHttpServer {
public:
    struct Route {
        Bytes body;
        int dropFirst = 0;         // the first N requests send dropAfter bytes, then hang up
        std::size_t dropAfter = 0;
        bool ignoreRange = false;  // answer 200 with the whole body even to a Range request
        bool stall = false;        // accept, read the request, never answer
    };
    struct Request {
        std::string path;
        std::string range;  // the Range header's value, "" if none
    };

    LocalHttpServer() {
        listenFd_ = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = 0;  // ephemeral
        if (listenFd_ < 0 || ::bind(listenFd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
            ::listen(listenFd_, 8) != 0)
            return;
        socklen_t length = sizeof addr;
        ::getsockname(listenFd_, reinterpret_cast<sockaddr*>(&addr), &length);
        port_ = ntohs(addr.sin_port);
        thread_ = std::thread([this] { run(); });
    }
    ~LocalHttpServer() {
        stop_ = true;
        if (thread_.joinable()) thread_.join();
        if (listenFd_ >= 0) ::close(listenFd_);
    }

    bool ok() const { return port_ != 0; }
    std::string url(const std::string& prefix) const {
        return "http://127.0.0.1:" + std::to_string(port_) + prefix;
    }
    void setRoute(const std::string& path, Route route) {
        std::lock_guard lock(mutex_);
        routes_[path] = std::move(route);
    }
    std::vector<Request> requests() {
        std::lock_guard lock(mutex_);
        return log_;
    }
    std::vector<Request> requestsFor(const std::string& path) {
        std::vector<Request> out;
        for (const Request& r : requests())
            if (r.path == path) out.push_back(r);
        return out;
    }

private:
    static constexpr int kMaxConnections = 200;
    static constexpr auto kLifetime = std::chrono::seconds(120);

    void run() {
        const auto deadline = std::chrono::steady_clock::now() + kLifetime;
        for (int served = 0; !stop_ && served < kMaxConnections && std::chrono::steady_clock::now() < deadline;) {
            pollfd p{listenFd_, POLLIN, 0};
            if (::poll(&p, 1, 100) <= 0) continue;
            const int fd = ::accept(listenFd_, nullptr, nullptr);
            if (fd < 0) continue;
            timeval timeout{5, 0};
            ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
            ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
            serve(fd);
            ::close(fd);
            ++served;
        }
    }

    static void sendAll(int fd, const char* data, std::size_t size) {
        while (size > 0) {
            const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
            if (n <= 0) return;
            data += n;
            size -= std::size_t(n);
        }
    }

    static std::string headerValue(const std::string& head, const std::string& name) {
        std::string lower = head;
        for (char& c : lower) c = char(std::tolower(static_cast<unsigned char>(c)));
        const auto at = lower.find("\r\n" + name + ":");
        if (at == std::string::npos) return {};
        const auto start = head.find_first_not_of(' ', at + 3 + name.size());
        return head.substr(start, head.find("\r\n", start) - start);
    }

    void serve(int fd) {
        std::string head;
        char buffer[4096];
        while (head.find("\r\n\r\n") == std::string::npos && head.size() < 16384) {
            const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n <= 0) return;
            head.append(buffer, std::size_t(n));
        }
        const auto pathStart = head.find(' ') + 1;
        const std::string path = head.substr(pathStart, head.find(' ', pathStart) - pathStart);
        const std::string range = headerValue(head, "range");

        Route route;
        bool found = false;
        int hit = 0;
        {
            std::lock_guard lock(mutex_);
            log_.push_back({path, range});
            hit = hits_[path]++;
            if (auto it = routes_.find(path); it != routes_.end()) {
                route = it->second;
                found = true;
            }
        }
        if (!found) {
            const std::string reply = "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\nConnection: close\r\n\r\nnot found";
            sendAll(fd, reply.data(), reply.size());
            return;
        }
        if (route.stall) {  // hold the connection until the client gives up (bounded)
            pollfd p{fd, POLLIN, 0};
            for (int i = 0; i < 100 && !stop_; ++i)
                if (::poll(&p, 1, 100) > 0 && ::recv(fd, buffer, sizeof buffer, 0) <= 0) break;
            return;
        }
        const std::size_t size = route.body.size();
        std::size_t from = 0;
        std::string status = "200 OK", extra;
        if (!range.empty() && !route.ignoreRange) {
            from = std::size_t(std::strtoull(range.c_str() + range.find('=') + 1, nullptr, 10));
            if (from >= size) {
                const std::string reply = "HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */" +
                                          std::to_string(size) + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                sendAll(fd, reply.data(), reply.size());
                return;
            }
            status = "206 Partial Content";
            extra = "Content-Range: bytes " + std::to_string(from) + "-" + std::to_string(size - 1) + "/" +
                    std::to_string(size) + "\r\n";
        }
        const std::string headers = "HTTP/1.1 " + status + "\r\nContent-Length: " + std::to_string(size - from) +
                                    "\r\n" + extra + "Connection: close\r\n\r\n";
        sendAll(fd, headers.data(), headers.size());
        std::size_t count = size - from;
        if (hit < route.dropFirst) count = std::min(count, route.dropAfter);
        sendAll(fd, route.body.data() + from, count);
        ::shutdown(fd, SHUT_WR);
    }

    int listenFd_ = -1;
    int port_ = 0;
    std::atomic<bool> stop_{false};
    std::thread thread_;
    std::mutex mutex_;
    std::map<std::string, Route> routes_;
    std::map<std::string, int> hits_;
    std::vector<Request> log_;
};

}  // namespace testdata
