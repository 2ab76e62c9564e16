// @ts-check
// JSON shapes of the Perma API (server-apis.md A3), from the test server's records.

/** ISO-8601 UTC, as DRF writes it (fractional seconds when there are any). */
export const iso = (/** @type {number} */ ms) => new Date(ms).toISOString().replace('.000Z', 'Z');

/**
 * @param {import('./model.js').PermaModel} model
 * @param {string} apiBase e.g. http://127.0.0.1:1234/v1
 */
export function serializers(model, apiBase) {
  const { state } = model;

  /** @param {import('./model.js').Folder} folder */
  function folderJson(folder) {
    const children = [...state.folders.values()].some((f) => f.parentId === folder.id);
    return {
      id: folder.id,
      name: folder.name,
      parent: folder.parentId,
      has_children: children,
      path: model.pathOf(folder).join('-'),
      organization: model.orgOfFolder(folder),
      sponsored_by: model.sponsorOf(folder)?.sponsoredBy ?? null,
      is_sponsored_root_folder: folder.isSponsoredRoot,
      read_only: folder.readOnly,
    };
  }

  /** @param {import('./model.js').Organization} org */
  function orgJson(org) {
    const shared = state.folders.get(org.sharedFolderId);
    return {
      id: org.id,
      name: org.name,
      registrar: state.registrars.get(org.registrarId)?.name ?? null,
      default_to_private: org.defaultToPrivate,
      shared_folder: shared ? folderJson(shared) : null,
    };
  }

  /** @param {import('./model.js').PermaUser} user */
  function creatorJson(user) {
    return {
      id: user.id,
      first_name: user.firstName,
      last_name: user.lastName,
      full_name: `${user.firstName} ${user.lastName}`.trim(),
      short_name: user.firstName,
    };
  }

  /** @param {import('./model.js').PermaUser} user */
  function userJson(user) {
    return {
      ...creatorJson(user),
      top_level_folders: model.topFolders(user).map((folder) => {
        const org = folder.organizationId
          ? state.organizations.get(folder.organizationId)
          : undefined;
        const registrar = org ? state.registrars.get(org.registrarId) : undefined;
        return {
          ...folderJson(folder),
          registrar: registrar?.id ?? null,
          registrar_name: registrar?.name ?? null,
          default_to_private: org?.defaultToPrivate ?? false,
        };
      }),
    };
  }

  /**
   * @param {import('./model.js').Archive} archive
   * @param {'public' | 'authenticated'} form
   */
  function archiveJson(archive, form) {
    const job = archive.jobId ? state.captureJobs.get(archive.jobId) : undefined;
    if (job) model.refreshJob(job);
    const download =
      form === 'public'
        ? `${apiBase}/public/archives/${archive.guid}/download`
        : `${apiBase}/archives/${archive.guid}/download`;
    const base = {
      guid: archive.guid,
      creation_timestamp: iso(archive.createdAt),
      url: archive.url,
      title: archive.title,
      description: archive.description,
      warc_size: archive.warc ? archive.warc.length : null,
      warc_download_url: archive.warc ? download : null,
      captures: archive.captures.map((c) => ({ ...c })),
      queue_time: archive.queueTime,
      capture_time: archive.captureTime,
    };
    if (form === 'public') return base;
    const creator = state.users.get(archive.createdBy);
    const org = archive.organizationId
      ? state.organizations.get(archive.organizationId)
      : undefined;
    return {
      ...base,
      notes: archive.notes,
      created_by: creator ? creatorJson(creator) : null,
      is_private: archive.isPrivate,
      private_reason: archive.privateReason,
      user_deleted: archive.userDeleted,
      archive_timestamp: iso(archive.createdAt + 24 * 60 * 60 * 1000),
      organization: org ? orgJson(org) : null,
      default_to_screenshot_view: archive.defaultToScreenshotView,
    };
  }

  /** @param {import('./model.js').CaptureJob} job */
  function jobJson(job) {
    model.refreshJob(job);
    const archive = job.guid ? state.archives.get(job.guid) : undefined;
    return {
      guid: job.guid,
      status: job.status,
      message: job.message,
      submitted_url: job.submittedUrl,
      attempt: job.attempt,
      step_count: job.stepCount,
      step_description: job.stepDescription,
      capture_start_time: job.captureStartTime === null ? null : iso(job.captureStartTime),
      capture_end_time: job.captureEndTime === null ? null : iso(job.captureEndTime),
      queue_position: model.queuePosition(job),
      title: archive?.title ?? job.title,
      user_deleted: archive?.userDeleted ?? false,
    };
  }

  /**
   * @param {import('./model.js').Batch} batch
   * @param {'created' | 'read'} form On create, target_folder is the id as sent (A3).
   */
  function batchJson(batch, form) {
    const folder = state.folders.get(batch.targetFolderId);
    return {
      id: batch.id,
      started_on: iso(batch.startedOn),
      created_by: batch.createdBy,
      capture_jobs: batch.jobIds
        .map((id) => state.captureJobs.get(id))
        .filter((j) => j !== undefined)
        .map(jobJson),
      target_folder: form === 'created' || !folder ? batch.targetFolderId : folderJson(folder),
    };
  }

  return { folderJson, orgJson, userJson, archiveJson, jobJson, batchJson };
}
