#include "AppResources.h"

#include <QtGlobal>

// Q_INIT_RESOURCE must be used outside any namespace.
static void initAnnealerResources() {
    Q_INIT_RESOURCE(annealer);
}

namespace annealer {

void loadAppResources() {
    static const bool loaded = [] {
        initAnnealerResources();
        return true;
    }();
    (void)loaded;
}

}  // namespace annealer
