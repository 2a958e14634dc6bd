package org.defaulterivr.notice;

/**
 * Sample-rate conversion through a Kaiser-windowed sinc low-pass, evaluated as a polyphase filter.
 *
 * <p>Each output sample is a weighted sum of the input samples around its exact position in input time, so any
 * rate ratio works (44100 to 8000, 11025 to 8000, ...) and everything above the stop-band edge is removed instead
 * of folding back as aliasing, as it would with sample dropping or linear interpolation.
 *
 * <p>The ratio is reduced to {@code up/down}; the output positions then fall on {@code up} distinct fractions of
 * an input sample, each with its own precomputed coefficient row. When {@code up} is larger than
 * {@link #MAX_PHASES} (only for odd rates such as 44101 Hz) positions are rounded to the nearest of
 * {@code MAX_PHASES} fractions; the timing error of at most 1/4096 input sample keeps the in-band error below
 * -60 dB, well under what a G.711 call carries.
 *
 * <p>Immutable and thread-safe once built. Building costs a few milliseconds for common rates (up to ~0.1 s
 * for odd ones that need all {@code MAX_PHASES} rows), so build one per conversion, not per sample block.
 */
final class BandLimitedResampler {

    /** Beyond this many phases the coefficient table would grow past a few MB for no audible gain. */
    static final int MAX_PHASES = 2048;

    private static final double STOPBAND_ATTENUATION_DB = 80.0;

    private final int inRate;
    private final int outRate;
    private final long up;
    private final long down;
    private final int phases;
    private final int halfTaps;
    /** {@code taps[p][k]}: weight of input sample {@code floor(t) - halfTaps + 1 + k} for fraction {@code p/phases}. */
    private final float[][] taps;

    /**
     * @param inRate     input sample rate in Hz
     * @param outRate    output sample rate in Hz
     * @param passbandHz highest frequency kept (nearly) untouched
     * @param stopbandHz lowest frequency removed by at least 80 dB; must not exceed half of either rate
     */
    BandLimitedResampler(int inRate, int outRate, double passbandHz, double stopbandHz) {
        if (inRate <= 0 || outRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive");
        }
        if (!(0 < passbandHz && passbandHz < stopbandHz && stopbandHz <= Math.min(inRate, outRate) / 2.0)) {
            throw new IllegalArgumentException("need 0 < passband < stopband <= half the lower sample rate");
        }
        this.inRate = inRate;
        this.outRate = outRate;
        long gcd = gcd(inRate, outRate);
        this.up = outRate / gcd;
        this.down = inRate / gcd;
        this.phases = (int) Math.min(up, MAX_PHASES);

        // Kaiser's design formulas, with the filter expressed in input-sample time.
        double cutoff = (passbandHz + stopbandHz) / 2.0 / inRate;       // cycles per input sample
        double transition = (stopbandHz - passbandHz) / inRate;
        double beta = 0.1102 * (STOPBAND_ATTENUATION_DB - 8.7);
        double length = (STOPBAND_ATTENUATION_DB - 7.95) / (2.285 * 2 * Math.PI * transition) + 1;
        this.halfTaps = (int) Math.ceil(length / 2.0);

        this.taps = new float[phases][2 * halfTaps];
        double i0Beta = besselI0(beta);
        for (int p = 0; p < phases; p++) {
            double fraction = (double) p / phases;
            double[] row = new double[2 * halfTaps];
            double sum = 0;
            for (int k = 0; k < row.length; k++) {
                double x = fraction + halfTaps - 1 - k;       // distance from output position to input sample
                double u = x / halfTaps;
                double window = Math.abs(u) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - u * u)) / i0Beta;
                row[k] = 2 * cutoff * sinc(2 * cutoff * x) * window;
                sum += row[k];
            }
            // Every phase passes DC at exactly unity gain, so a constant level does not ripple across phases.
            for (int k = 0; k < row.length; k++) {
                taps[p][k] = (float) (row[k] / sum);
            }
        }
    }

    int inRate() {
        return inRate;
    }

    int outRate() {
        return outRate;
    }

    /** Converts a whole signal; samples outside the input count as silence. */
    float[] resample(float[] in) {
        int outLength = (int) ((in.length * up + down / 2) / down);
        float[] out = new float[outLength];
        int width = 2 * halfTaps;
        for (int n = 0; n < outLength; n++) {
            long position = n * down;                   // output time in units of 1/up input sample
            long whole = position / up;
            long remainder = position % up;
            int phase;
            if (phases == up) {
                phase = (int) remainder;
            } else {
                phase = (int) Math.round((double) remainder * phases / up);
                if (phase == phases) {
                    whole++;
                    phase = 0;
                }
            }
            float[] row = taps[phase];
            long first = whole - halfTaps + 1;
            float acc = 0;
            if (first >= 0 && first + width <= in.length) {
                int base = (int) first;
                for (int k = 0; k < width; k++) {
                    acc += row[k] * in[base + k];
                }
            } else {
                for (int k = 0; k < width; k++) {
                    long j = first + k;
                    if (j >= 0 && j < in.length) {
                        acc += row[k] * in[(int) j];
                    }
                }
            }
            out[n] = acc;
        }
        return out;
    }

    private static double sinc(double x) {
        if (x == 0) {
            return 1;
        }
        double px = Math.PI * x;
        return Math.sin(px) / px;
    }

    /** Modified Bessel function of the first kind, order 0, by its power series (converges fast for beta < 20). */
    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double halfX = x / 2;
        for (int k = 1; k < 64; k++) {
            term *= (halfX / k) * (halfX / k);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
