// MD5 through OpenSSL's EVP interface, to check downloads against the
// checksums the data sets publish and to make short ids from text; it is not
// used for anything that needs to be secure. OpenSSL stays out of this header.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>

struct evp_md_ctx_st;  // OpenSSL's EVP_MD_CTX

namespace cnnwb {

class Md5 {
public:
    // Throws DataError when OpenSSL offers no MD5 (a FIPS-only configuration).
    Md5();
    ~Md5();
    Md5(const Md5&) = delete;
    Md5& operator=(const Md5&) = delete;

    void update(const void* data, std::size_t size);
    // Lower-case hex of the 16-byte digest. Ends the computation: call once.
    std::string hexDigest();

private:
    struct ContextFree {
        void operator()(evp_md_ctx_st* context) const;
    };
    std::unique_ptr<evp_md_ctx_st, ContextFree> context_;
};

std::string md5Hex(const void* data, std::size_t size);

// The MD5 of a file's bytes as stored (no decompression). Throws DataError
// when it cannot be read or is not a regular file (a FIFO would never end).
std::string md5OfFile(const std::filesystem::path& path);

}  // namespace cnnwb
