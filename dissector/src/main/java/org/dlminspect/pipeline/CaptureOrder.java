package org.dlminspect.pipeline;

/**
 * What {@link TimeOrder} had to do to a capture: a typed event for the analysis, which reports it as the
 * {@code capture.out_of_order} note (a property of the file, never of the network).
 *
 * @param frames              frames read
 * @param reordered           frames whose timestamp is earlier than that of a frame before them in the file
 * @param largestStepNanos    the largest such backward step
 * @param largestStepFrame    the file's frame number of the frame with the largest backward step (0 if none)
 * @param late                frames that arrived after later frames had already been released: the window
 *                            (or the memory limit) was too small to sort them; they are analysed out of order
 * @param largestLateNanos    by how much the worst late frame was out of order
 * @param firstLateFrame      frame number of the first late frame (0 if none)
 * @param windowNanos         the time window that was used
 * @param forcedReleases      frames released before their window passed because the memory limit was hit
 */
public record CaptureOrder(long frames, long reordered, long largestStepNanos, long largestStepFrame, long late,
                           long largestLateNanos, long firstLateFrame, long windowNanos, long forcedReleases)
        implements StageEvent {

    /** The file was in timestamp order: nothing was changed. */
    public boolean inOrder() {
        return reordered == 0;
    }

    /** Some frames could not be put in order: the window or the memory limit was too small. */
    public boolean windowTooSmall() {
        return late > 0;
    }
}
