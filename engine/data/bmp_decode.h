// BMP files of an image folder, through stb_image (Debian's libstb): the size
// in the header is checked against the decoder caps before any pixel is
// decoded, and every failure is a DataError naming the file. Used by
// decodeImage (image_decode.h) for content that starts with "BM".
#pragma once

#include "image_decode.h"

namespace cnnwb {

RgbaImage decodeBmp(const std::uint8_t* bytes, std::size_t size, const std::string& name);

}  // namespace cnnwb
