package org.inpaintij.onnx;

import java.nio.ShortBuffer;

/**
 * IEEE 754 binary16 ("half", ONNX float16) conversions. Arithmetic stays in float32; float16 exists only at
 * the boundary of fp16 graphs. Narrowing rounds to nearest, ties to even, as a hardware conversion does, so
 * that a value that came out of an fp16 graph goes back into it unchanged.
 */
public final class Float16 {

    private Float16() {}

    /** The binary16 bits nearest to {@code f} (ties to even); overflow gives infinity, NaN stays NaN. */
    public static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int abs = bits & 0x7fffffff;
        if (abs >= 0x38800000 && abs < 0x477ff000) {
            // normal halves (2^-14 up to just below the overflow tie): rebias the exponent, then round to
            // nearest even on the 13 dropped bits; a carry runs into the exponent as it should
            int u = abs - (112 << 23);
            return (short) (((bits >>> 16) & 0x8000) | ((u + 0xfff + ((u >>> 13) & 1)) >>> 13));
        }
        int sign = (bits >>> 16) & 0x8000;
        int exp = (bits >>> 23) & 0xff;
        int mant = bits & 0x7fffff;
        if (exp == 0xff) {
            // keep a NaN a NaN (quiet bit set) and infinity infinity
            return (short) (sign | 0x7c00 | (mant != 0 ? 0x200 | (mant >>> 13) : 0));
        }
        int e = exp - 127 + 15;
        if (e >= 0x1f) return (short) (sign | 0x7c00);
        if (e <= 0) {
            // subnormal half (or zero): shift the full significand, with its implicit 1, into place
            if (e < -10) return (short) sign;
            int m = mant | 0x800000;
            int shift = 14 - e;
            int half = m >>> shift;
            int rest = m & ((1 << shift) - 1);
            int midpoint = 1 << (shift - 1);
            if (rest > midpoint || (rest == midpoint && (half & 1) != 0)) half++;
            return (short) (sign | half);
        }
        int half = (e << 10) | (mant >>> 13);
        int rest = mant & 0x1fff;
        // a carry out of the significand correctly bumps the exponent, up to infinity
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) != 0)) half++;
        return (short) (sign | half);
    }

    /** The float32 value of binary16 bits (exact: every half is a float). */
    public static float toFloat(short h) {
        int bits = h & 0xffff;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0x1f) return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        if (exp == 0) {
            // subnormal: mant * 2^-24, exact in float
            float v = mant * 0x1p-24f;
            return sign != 0 ? -v : v;
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }

    /** Writes {@code src[from..from+n)} as halves at the buffer's position, advancing it. */
    public static void put(float[] src, int from, int n, ShortBuffer dst) {
        for (int i = 0; i < n; i++) dst.put(fromFloat(src[from + i]));
    }

    /** Reads {@code n} halves from the buffer's position into {@code dst[from..)}, advancing it. */
    public static void get(ShortBuffer src, float[] dst, int from, int n) {
        for (int i = 0; i < n; i++) dst[from + i] = toFloat(src.get());
    }
}
