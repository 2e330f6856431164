#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace annealer {

// Little-endian loads (records, CRCs and fixed-width protobuf fields), with memcpy.
inline std::uint32_t loadU32(const unsigned char* p) {
    std::uint32_t v;
    std::memcpy(&v, p, 4);
    return v;
}

inline std::uint64_t loadU64(const unsigned char* p) {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
}

// ---------------------------------------------------------------------------------------------
// Protobuf wire format: each field is a varint key (field number << 3 | wire type) followed by
// a varint (type 0), 8 bytes (1), a varint length and that many bytes (2), or 4 bytes (5).
// Every read is checked against the end of its message; the first problem is kept in *error.

class ProtobufWire {
public:
    ProtobufWire(std::string_view bytes, const char** error)
        : p_(reinterpret_cast<const unsigned char*>(bytes.data())),
          end_(p_ + bytes.size()),
          error_(error) {}

    bool atEnd() const { return p_ == end_; }

    bool key(std::uint32_t* field, std::uint32_t* type) {
        std::uint64_t k = 0;
        if (!varint(&k)) return false;
        *type = static_cast<std::uint32_t>(k & 7U);
        const std::uint64_t number = k >> 3;
        if (number == 0 || number > 0x1FFFFFFFU) return fail("a field number out of range");
        *field = static_cast<std::uint32_t>(number);
        return true;
    }

    bool varint(std::uint64_t* value) {
        std::uint64_t result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (p_ == end_) return fail("a number runs past the end of its message");
            const unsigned char b = *p_++;
            result |= static_cast<std::uint64_t>(b & 0x7FU) << shift;
            if ((b & 0x80U) == 0) {
                *value = result;
                return true;
            }
        }
        return fail("a number longer than 10 bytes");
    }

    bool fixed32(std::uint32_t* value) {
        if (end_ - p_ < 4) return fail("a 32-bit field runs past the end of its message");
        *value = loadU32(p_);
        p_ += 4;
        return true;
    }

    bool fixed64(std::uint64_t* value) {
        if (end_ - p_ < 8) return fail("a 64-bit field runs past the end of its message");
        *value = loadU64(p_);
        p_ += 8;
        return true;
    }

    bool bytes(std::string_view* value) {
        std::uint64_t length = 0;
        if (!varint(&length)) return false;
        if (length > static_cast<std::uint64_t>(end_ - p_)) {
            return fail("a length runs past the end of its message");
        }
        *value = std::string_view(reinterpret_cast<const char*>(p_), length);
        p_ += length;
        return true;
    }

    bool skip(std::uint32_t type) {
        std::uint64_t u64 = 0;
        std::uint32_t u32 = 0;
        std::string_view view;
        switch (type) {
            case 0:
                return varint(&u64);
            case 1:
                return fixed64(&u64);
            case 2:
                return bytes(&view);
            case 5:
                return fixed32(&u32);
            default:
                // 3 and 4 are the deprecated groups, which no event-file message uses.
                return fail("an unknown wire type");
        }
    }

    bool fail(const char* why) {
        if (*error_ == nullptr) *error_ = why;
        return false;
    }

private:
    const unsigned char* p_;
    const unsigned char* end_;
    const char** error_;
};

}  // namespace annealer
