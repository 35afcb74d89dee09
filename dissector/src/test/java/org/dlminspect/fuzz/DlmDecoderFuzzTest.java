package org.dlminspect.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.dlminspect.dlm.DlmDecoder;
import org.dlminspect.dlm.DlmPdu;
import org.junit.jupiter.api.BeforeAll;

/**
 * The DLM message decoder over arbitrary bytes (one message as the framer would hand it over: the
 * bytes present, which may be fewer or more than its {@code h_length}). Seeds in
 * {@code DlmDecoderFuzzTestInputs/}: one message of every DLM_MSG and DLM_RCOM type, OPTS, ACK, FIN.
 *
 * <p>Properties (see {@link DlmChecks}): no exception and no internal "decoder failure"; the walk stays
 * inside the captured bytes; {@code info()}, errors and notes are terminal safe; the decode does not
 * depend on where the message sits in its buffer or on the buffer's byte order.
 */
class DlmDecoderFuzzTest {
    @BeforeAll
    static void coverageWhenFuzzing() {
        FuzzChecks.requireCoverageWhenFuzzing();
    }

    @FuzzTest(maxDuration = "10s")
    void decode(byte[] input) {
        ByteBuffer plain = ByteBuffer.wrap(input).order(ByteOrder.LITTLE_ENDIAN);
        DlmPdu pdu = DlmDecoder.decode(plain);
        DlmChecks.check(pdu, input.length, plain);

        byte[] shifted = new byte[input.length + 7];
        java.util.Arrays.fill(shifted, (byte) 0xA5);
        System.arraycopy(input, 0, shifted, 3, input.length);
        ByteBuffer inside = ByteBuffer.wrap(shifted, 3, input.length).order(ByteOrder.BIG_ENDIAN);
        DlmPdu again = DlmDecoder.decode(inside);
        if (inside.position() != 3 || inside.limit() != 3 + input.length || inside.order() != ByteOrder.BIG_ENDIAN) {
            throw new AssertionError("the decoder moved the buffer: " + inside);
        }
        if (!pdu.header().equals(again.header()) || !pdu.info().equals(again.info())
                || !pdu.errors().equals(again.errors()) || pdu.captured() != again.captured()) {
            throw new AssertionError("the decode depends on the buffer: " + pdu.info() + " / " + again.info());
        }
    }
}
