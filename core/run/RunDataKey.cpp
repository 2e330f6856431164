#include "run/RunDataKey.h"

#include <QCryptographicHash>

namespace annealer {

namespace {

template <typename Number>
void addNumbers(QCryptographicHash& hash, const std::vector<Number>& numbers) {
    const auto count = static_cast<std::int64_t>(numbers.size());
    hash.addData(QByteArrayView(reinterpret_cast<const char*>(&count), sizeof count));
    hash.addData(QByteArrayView(reinterpret_cast<const char*>(numbers.data()),
                                static_cast<qsizetype>(numbers.size() * sizeof(Number))));
}

}  // namespace

QString runDataKey(const Run& run) {
    QCryptographicHash hash(QCryptographicHash::Sha1);
    addNumbers(hash, run.lossSteps);
    addNumbers(hash, run.loss);
    addNumbers(hash, run.schedule.lr);
    const std::int64_t shape[] = {run.schedule.warmupSteps, run.schedule.stride};
    hash.addData(QByteArrayView(reinterpret_cast<const char*>(shape), sizeof shape));
    return QString::fromLatin1(hash.result().toHex().left(20));
}

}  // namespace annealer
