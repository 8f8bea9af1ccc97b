#pragma once
// Texts the engine shows to users.
//
// BITLAB_TR_NOOP("bitlab::core", "text") marks a user-visible English text of the engine
// (a registry's description, a field's label, a preset's title) for translation without
// translating it: core/ has no Qt, so the text stays English here. lupdate reads the
// marks (ui/CMakeLists.txt passes -tr-function-alias QT_TRANSLATE_NOOP+=BITLAB_TR_NOOP),
// and the UI translates at display time with QCoreApplication::translate("bitlab::core",
// text) (ui/core_text.h). Every core text uses the one context "bitlab::core".

#define BITLAB_TR_NOOP(context, text) text
