// The code a run was made with: the project version and the git commit of
// the build ("0.1.0 (b661c63)"), recorded in every session.
#pragma once

namespace cnnwb {

const char* codeVersion();

}  // namespace cnnwb
