# Writes OUTPUT, a C++ source holding every preset JSON file in PRESET_DIR as a
# string, so the CLI and the GUI carry the presets with them (no install paths).
file(GLOB preset_files "${PRESET_DIR}/*.json")
list(SORT preset_files)
set(body "// Generated from resources/presets/*.json by cmake/embed_presets.cmake. Do not edit.\n")
string(APPEND body "#include \"engine/presets.h\"\n\nnamespace cnnwb {\n\nconst std::vector<EmbeddedPreset>& embeddedPresets() {\n    static const std::vector<EmbeddedPreset> list{\n")
foreach(f ${preset_files})
  get_filename_component(id ${f} NAME_WE)
  file(READ ${f} text)
  string(APPEND body "        {\"${id}\", R\"cnnwb_json(${text})cnnwb_json\"},\n")
endforeach()
string(APPEND body "    };\n    return list;\n}\n\n}  // namespace cnnwb\n")
file(WRITE "${OUTPUT}.tmp" "${body}")
file(COPY_FILE "${OUTPUT}.tmp" "${OUTPUT}" ONLY_IF_DIFFERENT)
