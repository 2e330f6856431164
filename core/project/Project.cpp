#include "project/Project.h"

#include <algorithm>

namespace annealer {

namespace {

template <typename Item>
int indexOf(const std::vector<Item>& items, ItemId id) {
    const auto found =
        std::find_if(items.begin(), items.end(), [id](const Item& item) { return item.id == id; });
    return found == items.end() ? -1 : static_cast<int>(found - items.begin());
}

}  // namespace

int Project::scheduleIndex(ItemId id) const {
    return indexOf(schedules, id);
}

const ProjectSchedule* Project::findSchedule(ItemId id) const {
    const int index = scheduleIndex(id);
    return index < 0 ? nullptr : &schedules[static_cast<std::size_t>(index)];
}

ProjectSchedule* Project::findSchedule(ItemId id) {
    const int index = scheduleIndex(id);
    return index < 0 ? nullptr : &schedules[static_cast<std::size_t>(index)];
}

int Project::runIndex(ItemId id) const {
    return indexOf(runs, id);
}

const ProjectRun* Project::findRun(ItemId id) const {
    const int index = runIndex(id);
    return index < 0 ? nullptr : &runs[static_cast<std::size_t>(index)];
}

ProjectRun* Project::findRun(ItemId id) {
    const int index = runIndex(id);
    return index < 0 ? nullptr : &runs[static_cast<std::size_t>(index)];
}

}  // namespace annealer
