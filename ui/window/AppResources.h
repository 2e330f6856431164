#pragma once

namespace annealer {

// Registers the compiled-in resources (demo project, icon). They live in a static library, so
// someone must call this for the linker to keep them; calling it again does nothing.
void loadAppResources();

}  // namespace annealer
