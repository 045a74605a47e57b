# Each library exposes only its own folder to whoever links it: the engine's
# users can write #include "engine/network.h" but no path into ui/, app/ or
# bench/, so an include that would run against the architecture does not
# compile. The root is a folder in the build tree holding a single link,
# <root>/<folder> -> the source folder.
function(cnnwb_expose_own_folder target folder)
  set(root ${CMAKE_BINARY_DIR}/include-roots/${folder})
  file(MAKE_DIRECTORY ${root})
  if(NOT EXISTS ${root}/${folder})
    file(CREATE_LINK ${CMAKE_SOURCE_DIR}/${folder} ${root}/${folder} SYMBOLIC)
  endif()
  target_include_directories(${target} PUBLIC ${root})
endfunction()
