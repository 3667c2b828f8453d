package io.flowrank.producer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Progress for logs and pipes: one plain line per committed batch and a summary at the end. */
public final class LogProgress implements ProgressListener {

  private static final Logger LOG = LoggerFactory.getLogger(LogProgress.class);

  @Override
  public void started(int totalFiles, int skippedFiles) {
    LOG.info(
        "replaying {} of {} files ({} committed earlier)",
        totalFiles - skippedFiles,
        totalFiles,
        skippedFiles);
  }

  @Override
  public void fileCommitted(FileReport file, ReplayProgress progress) {
    LOG.info("{} [{}/{}]", ProgressLine.file(file), progress.filesDone(), progress.filesTotal());
  }

  @Override
  public void finished(ReplayResult result) {
    LOG.info("{}", ProgressLine.summary(result));
  }
}
