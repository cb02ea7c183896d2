package org.inpaintij.diffusion;

/**
 * PyTorch's CPU random number generator, reproduced: {@code new TorchGenerator(s).randn(n)} gives the values of
 * {@code torch.randn(shape, generator=torch.Generator().manual_seed(s), dtype=torch.float32)} for any shape of
 * {@code n} elements, and successive calls continue the stream exactly as successive torch calls on one
 * generator do. This is the noise that diffusers (with a CPU generator) and ComfyUI (always) draw, so a seed
 * means the same noise here as there.
 *
 * <p>What torch does, and so this class (ATen's {@code CPUGeneratorImpl}, {@code MT19937RNGEngine.h},
 * {@code DistributionsHelper.h}, {@code TransformationHelper.h} and the CPU {@code normal_kernel}):
 * <ul>
 * <li>The engine is the 32-bit Mersenne Twister mt19937, seeded by Matsumoto and Nishimura's
 * {@code init_genrand} with the seed's low 32 bits ({@code manual_seed(2^32 + 3)} is {@code manual_seed(3)}; a
 * negative seed s is 2^64 + s, so a Java long seed means what the same integer means to torch).
 * <li>A tensor of 16 or more elements is first filled with float uniforms, {@code (word & (2^24 - 1)) / 2^24},
 * one 32-bit word each; then each block of 16 becomes 16 normals by Box-Muller in float32: with {@code u1 =
 * 1 - d[j]} and {@code u2 = d[j + 8]}, {@code d[j] = sqrt(-2 ln u1) cos(2 pi u2)} and {@code d[j + 8] =
 * sqrt(-2 ln u1) sin(2 pi u2)}, j = 0..7. When the size is not a multiple of 16, 16 fresh uniforms overwrite
 * the last 16 elements and that block is transformed again.
 * <li>A tensor of fewer than 16 elements draws element by element in double: {@code u1} and {@code u2} from
 * the low 53 bits of two 64-bit words (two 32-bit words each, the first one high), {@code r = sqrt(-2 ln(1 -
 * u2))}, the element is {@code r cos(2 pi u1)}, and {@code r sin(2 pi u1)} is kept in the generator as the next
 * such element, even in a later call. Tensors of 16 or more neither use nor clear that kept value.
 * </ul>
 *
 * <p>On x86-64, torch runs the float32 Box-Muller with its AVX2 kernel: the angle is {@code float(2 pi) * u2}
 * rounded to float, and the logarithm, sine and cosine are the Cephes single-precision polynomials of its
 * {@code avx_mathfun.h} (after Julien Pommier's {@code sse_mathfun}), which its compiler evaluates with fused
 * multiply-adds. They are evaluated here in the same order with {@link Math#fma(float, float, float)}, so the
 * values are torch's bit for bit (checked on 1.85 million values against torch 2.13, and on the fixture of
 * torch 1.13 draws), and the same on every JVM. (Torch built without AVX2, e.g. on ARM, computes the angle in
 * double and calls the C library, and its values differ from these by up to about 2e-6.) The double path
 * follows torch's formula in IEEE double arithmetic with {@link StrictMath}.
 *
 * <p>Not thread-safe: one instance per generation.
 */
public final class TorchGenerator {

    /** The seed value that means "pick one at random" ({@link #resolveSeed(long)}). */
    public static final long RANDOM_SEED = -1L;

    /** Picked seeds stay below 2^31 so that they survive ImageJ macros (doubles) and int fields unchanged. */
    private static final long PICKED_SEED_BOUND = 1L << 31;

    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER = 0x80000000;
    private static final int LOWER = 0x7fffffff;
    /** The block torch's vectorisable normal fill works in. */
    private static final int BLOCK = 16;
    private static final double TWO_PI = 2 * Math.PI;
    private static final float TWO_PI_F = (float) TWO_PI;

    // Cephes single-precision constants (sinf, cosf, logf), as torch's avx_mathfun.h has them
    private static final float FOUR_OVER_PI = 1.27323954473516f;
    private static final float PI4_A = 0.78515625f;
    private static final float PI4_B = 2.4187564849853515625e-4f;
    private static final float PI4_C = 3.77489497744594108e-8f;
    private static final float SIN_0 = -1.9515295891e-4f;
    private static final float SIN_1 = 8.3321608736e-3f;
    private static final float SIN_2 = -1.6666654611e-1f;
    private static final float COS_0 = 2.443315711809948e-5f;
    private static final float COS_1 = -1.388731625493765e-3f;
    private static final float COS_2 = 4.166664568298827e-2f;
    private static final float SQRT_HALF = 0.707106781186547524f;
    private static final float[] LOG_P = {7.0376836292e-2f, -1.1514610310e-1f, 1.1676998740e-1f, -1.2420140846e-1f,
        1.4249322787e-1f, -1.6668057665e-1f, 2.0000714765e-1f, -2.4999993993e-1f, 3.3333331174e-1f};
    private static final float LOG_Q1 = -2.12194440e-4f;
    private static final float LOG_Q2 = 0.693359375f;

    private final int[] state = new int[N];
    private int next;
    private int left;
    private double keptNormal;
    private boolean hasKeptNormal;

    /** A generator in the state {@code torch.Generator().manual_seed(seed)} leaves it in. */
    public TorchGenerator(long seed) {
        state[0] = (int) seed;
        for (int j = 1; j < N; j++) state[j] = 1812433253 * (state[j - 1] ^ (state[j - 1] >>> 30)) + j;
        left = 1;
        next = 0;
    }

    /**
     * The seed to use for a requested one: {@code seed} itself, or for {@link #RANDOM_SEED} (-1) a freshly
     * picked non-negative seed below 2^31, which the caller should record so that the result can be redone.
     */
    public static long resolveSeed(long seed) {
        return seed == RANDOM_SEED ? java.util.concurrent.ThreadLocalRandom.current().nextLong(PICKED_SEED_BOUND)
                : seed;
    }

    /** The values {@code torch.randn} gives for a tensor of {@code count} elements, in row-major order. */
    public float[] randn(int count) {
        if (count < 0) throw new IllegalArgumentException("count " + count);
        float[] out = new float[count];
        randn(out);
        return out;
    }

    /** {@link #randn(int)} into {@code out}: the draw of a tensor of {@code out.length} elements. */
    public void randn(float[] out) {
        int n = out.length;
        if (n < BLOCK) {
            for (int i = 0; i < n; i++) out[i] = (float) nextNormal();
            return;
        }
        for (int i = 0; i < n; i++) out[i] = nextFloat();
        for (int i = 0; i + BLOCK <= n; i += BLOCK) boxMuller16(out, i);
        if (n % BLOCK != 0) {
            int tail = n - BLOCK;
            for (int i = tail; i < n; i++) out[i] = nextFloat();
            boxMuller16(out, tail);
        }
    }

    /** Torch's {@code normal_fill_16}: 16 uniforms at {@code o} become 16 normals, as its AVX2 kernel computes them. */
    private static void boxMuller16(float[] d, int o) {
        for (int j = o; j < o + BLOCK / 2; j++) {
            float radius = (float) Math.sqrt(-2f * log(1f - d[j]));
            float theta = TWO_PI_F * d[j + BLOCK / 2];
            // sine and cosine of theta in [0, 2 pi): octant j, reduced argument x in [-pi/4, pi/4]
            int q = ((int) (theta * FOUR_OVER_PI) + 1) & ~1;
            float y = q;
            float x = Math.fma(y, -PI4_A, theta);
            x = Math.fma(y, -PI4_B, x);
            x = Math.fma(y, -PI4_C, x);
            float z = x * x;
            float c = Math.fma(Math.fma(COS_0, z, COS_1), z, COS_2) * z;
            c = Math.fma(c, z, -(z * 0.5f)) + 1f;
            float s = Math.fma(Math.fma(SIN_0, z, SIN_1), z, SIN_2) * z;
            s = Math.fma(s, x, x);
            boolean swap = (q & 2) != 0;
            float sin = swap ? c : s;
            float cos = swap ? s : c;
            if ((q & 4) != 0) sin = -sin;
            if (((q - 2) & 4) == 0) cos = -cos;
            d[j] = radius * cos;
            d[j + BLOCK / 2] = radius * sin;
        }
    }

    /** Natural logarithm of {@code v} in (0, 1], as torch's {@code log256_ps} (Cephes {@code logf}) computes it. */
    private static float log(float v) {
        int bits = Float.floatToRawIntBits(Math.max(v, Float.MIN_NORMAL));
        float e = ((bits >>> 23) - 0x7f) + 1f;
        float m = Float.intBitsToFloat((bits & ~0x7f800000) | 0x3f000000); // mantissa in [0.5, 1)
        if (m < SQRT_HALF) {
            e -= 1f;
            m = (m - 1f) + m;
        } else {
            m -= 1f;
        }
        float z = m * m;
        float p = LOG_P[0];
        for (int k = 1; k < LOG_P.length; k++) p = Math.fma(p, m, LOG_P[k]);
        p = Math.fma(p * m, z, e * LOG_Q1);
        p -= z * 0.5f;
        return (m + p) + e * LOG_Q2;
    }

    /** Torch's {@code normal_distribution<double>}, with the second value of each pair kept for the next call. */
    private double nextNormal() {
        if (hasKeptNormal) {
            hasKeptNormal = false;
            return keptNormal;
        }
        double u1 = nextDouble();
        double u2 = nextDouble();
        double r = Math.sqrt(-2.0 * StrictMath.log1p(-u2));
        double theta = TWO_PI * u1;
        keptNormal = r * StrictMath.sin(theta);
        hasKeptNormal = true;
        return r * StrictMath.cos(theta);
    }

    /** Torch's float uniform in [0, 1): the low 24 bits of one word. */
    private float nextFloat() {
        return (nextInt() & 0xffffff) * 0x1.0p-24f;
    }

    /** Torch's double uniform in [0, 1): the low 53 bits of a 64-bit word made of two words, the first high. */
    private double nextDouble() {
        long hi = nextInt() & 0xffffffffL;
        long lo = nextInt() & 0xffffffffL;
        return (((hi << 32) | lo) & ((1L << 53) - 1)) * 0x1.0p-53;
    }

    /** The next 32-bit word of mt19937 (as an int; torch's {@code random()} is the same bits unsigned). */
    int nextInt() {
        if (--left == 0) twist();
        int y = state[next++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    /** Regenerates the 624 words of state (mt19937's recurrence). */
    private void twist() {
        int[] s = state;
        for (int k = 0; k < N; k++) {
            int y = (s[k] & UPPER) | (s[(k + 1) % N] & LOWER);
            s[k] = s[(k + M) % N] ^ (y >>> 1) ^ ((y & 1) != 0 ? MATRIX_A : 0);
        }
        left = N;
        next = 0;
    }
}
