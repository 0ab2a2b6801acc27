package org.wlcy.classroom.playback.jobs;

import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.wlcy.classroom.playback.HlsTranscoder;
import org.wlcy.classroom.playback.MediaInput;
import org.wlcy.classroom.playback.ProgressListener;
import org.wlcy.classroom.playback.TranscodeException;
import org.wlcy.classroom.playback.TranscodeRequest;
import org.wlcy.classroom.playback.TranscodeResult;
import org.wlcy.classroom.playback.VideoProbe;
import org.wlcy.classroom.playback.catalog.Video;
import org.wlcy.classroom.playback.upload.UploadFiles;
import org.wlcy.classroom.playback.upload.UploadTicket;

/**
 * An uploaded lesson (点播) into {@code hls/main/}: the uploaded file is both the video and the
 * audio input of {@link HlsTranscoder} (only the video input when it has no sound). Register with
 * {@code jobs.register(VideoKind.ON_DEMAND, OnDemandJob.factory(transcoder, uploads))}.
 */
public final class OnDemandJob implements VideoJob {
    public static final String TRACK = "main";
    private final HlsTranscoder transcoder;
    private final UploadFiles uploads;

    public OnDemandJob(HlsTranscoder transcoder, UploadFiles uploads) {
        this.transcoder = transcoder;
        this.uploads = uploads;
    }

    public static java.util.function.Function<Video, VideoJob> factory(HlsTranscoder transcoder, UploadFiles uploads) {
        OnDemandJob job = new OnDemandJob(transcoder, uploads);
        return video -> job;
    }

    @Override
    public JobOutcome run(Video video, Path folder, ProgressListener progress, BooleanSupplier cancelled) {
        UploadTicket ticket = uploads.ticket(folder).orElseThrow(
                () -> new IllegalStateException("The upload's record is missing; please upload the file again."));
        Path source = uploads.source(folder, ticket);
        long received = uploads.received(folder, ticket);
        if (received < ticket.size()) {
            throw new IllegalStateException("The upload is incomplete (" + received + " of " + ticket.size()
                    + " bytes); finish uploading the file.");
        }
        VideoProbe.Result probe = VideoProbe.probe(source);
        if (!probe.isVideo()) {
            throw new IllegalStateException(probe.problem());
        }
        MediaInput input = MediaInput.of(source);
        try {
            TranscodeResult result = transcoder.transcode(
                    TranscodeRequest.of(input, probe.audio() ? input : null, folder.resolve("hls").resolve(TRACK)),
                    progress, cancelled);
            return new JobOutcome(result.durationMicros() / 1000, List.of(TRACK));
        } catch (TranscodeException e) {
            String message = e.getMessage() == null ? "" : e.getMessage().replace(folder.toAbsolutePath() + "/", "");
            throw new IllegalStateException("The video \"" + ticket.fileName() + "\" could not be converted: " + message, e);
        }
    }
}
