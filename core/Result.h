#pragma once

#include <QString>

#include <optional>
#include <utility>

namespace annealer {

// An error a user can act on: it names the file, line or field, and the reason.
struct Error {
    QString message;
};

// Either a value or an Error; callers must look before they use the value.
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : value_(std::move(value)) {}
    Result(Error error) : error_(std::move(error)) {}

    bool ok() const { return value_.has_value(); }
    explicit operator bool() const { return ok(); }

    const T& value() const& { return *value_; }
    T& value() & { return *value_; }
    T&& value() && { return std::move(*value_); }
    const T& operator*() const& { return *value_; }
    T& operator*() & { return *value_; }
    const T* operator->() const { return &*value_; }
    T* operator->() { return &*value_; }

    const QString& error() const { return error_.message; }

private:
    std::optional<T> value_;
    Error error_;
};

// For operations that produce nothing but may fail.
class [[nodiscard]] Status {
public:
    Status() = default;
    Status(Error error) : failed_(true), error_(std::move(error)) {}

    bool ok() const { return !failed_; }
    explicit operator bool() const { return ok(); }
    const QString& error() const { return error_.message; }

private:
    bool failed_ = false;
    Error error_;
};

}  // namespace annealer
