#include "md5.h"

#include "../errors.h"

#include <openssl/evp.h>

#include <fstream>
#include <system_error>
#include <vector>

namespace cnnwb {

void Md5::ContextFree::operator()(evp_md_ctx_st* context) const { EVP_MD_CTX_free(context); }

Md5::Md5() : context_(EVP_MD_CTX_new()) {
    if (!context_ || EVP_DigestInit_ex(context_.get(), EVP_md5(), nullptr) != 1)
        throw DataError("MD5 is not available from OpenSSL (a FIPS-only configuration?); it is needed to check "
                        "downloads against their published checksums");
}

Md5::~Md5() = default;

void Md5::update(const void* data, std::size_t size) {
    if (size > 0 && EVP_DigestUpdate(context_.get(), data, size) != 1)
        throw DataError("OpenSSL failed while computing an MD5 checksum");
}

std::string Md5::hexDigest() {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(context_.get(), digest, &length) != 1)
        throw DataError("OpenSSL failed while finishing an MD5 checksum");
    static const char* digits = "0123456789abcdef";
    std::string hex;
    for (unsigned int i = 0; i < length; ++i) {
        hex += digits[digest[i] >> 4];
        hex += digits[digest[i] & 15];
    }
    return hex;
}

std::string md5Hex(const void* data, std::size_t size) {
    Md5 md5;
    md5.update(data, size);
    return md5.hexDigest();
}

std::string md5OfFile(const std::filesystem::path& path) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec))
        throw DataError(path.string() + ": cannot compute its checksum: not a regular file (or missing)");
    std::ifstream in(path, std::ios::binary);
    if (!in) throw DataError(path.string() + ": cannot open to compute its checksum");
    Md5 md5;
    std::vector<char> chunk(1 << 20);
    while (in) {
        in.read(chunk.data(), std::streamsize(chunk.size()));
        md5.update(chunk.data(), std::size_t(in.gcount()));
    }
    if (in.bad()) throw DataError(path.string() + ": read error while computing its checksum");
    return md5.hexDigest();
}

}  // namespace cnnwb
