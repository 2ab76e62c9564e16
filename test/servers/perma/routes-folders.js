// @ts-check
// Perma folder routes (server-apis.md A5, A7): top-level folders, children, create, rename,
// move (PUT on the nested route), delete-when-empty.
import { FORBIDDEN, NOT_FOUND, SERVER_ERROR, json, page, toId } from './respond.js';

/** @typedef {import('./context.js').PermaContext} Ctx */

/** @param {Ctx} ctx @param {string} id */
function folderFor(ctx, id) {
  const folder = ctx.model.state.folders.get(Number(id));
  if (!folder) return { reply: NOT_FOUND() };
  if (!ctx.model.canAccessFolder(ctx.user, folder)) return { reply: FORBIDDEN() };
  return { folder };
}

/** @param {Ctx} ctx @param {number} parentId */
function childrenOf(ctx, parentId) {
  return [...ctx.model.state.folders.values()]
    .filter((f) => f.parentId === parentId)
    .sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);
}

/**
 * @param {Ctx} ctx
 * @param {import('./model.js').Folder} parent
 * @param {unknown} name
 */
function createChild(ctx, parent, name) {
  if (typeof name !== 'string' || name.trim() === '') {
    return json(400, {
      name: [name === undefined ? 'This field is required.' : 'This field may not be blank.'],
    });
  }
  if (childrenOf(ctx, parent.id).some((f) => f.name === name)) {
    return json(400, { name: ['A folder with that name already exists at that location.'] });
  }
  const folder = ctx.model.addFolder({
    name,
    parentId: parent.id,
    ownerId: parent.ownerId,
    organizationId: null,
  });
  return json(201, ctx.ser.folderJson(folder));
}

/**
 * Why `folder` cannot move under `target`, or undefined (A5 nested PUT).
 * @param {Ctx} ctx
 * @param {import('./model.js').Folder} folder
 * @param {import('./model.js').Folder} target
 */
function moveError(ctx, folder, target) {
  if (folder.id === target.id) return { parent: ['A node may not be made a child of itself.'] };
  if (ctx.model.pathOf(target).includes(folder.id)) {
    return { parent: ['A node may not be made a child of any of its descendants.'] };
  }
  if (folder.parentId === null) {
    if (folder.organizationId !== null)
      return { parent: ["You can't move an organization's shared folder."] };
    if (folder.isSponsoredRoot) return { parent: ["You can't move your Sponsored Links folder."] };
    return { parent: ["You can't move your Personal Links folder."] };
  }
  if (folder.sponsoredBy !== null) return { parent: ["You can't move a sponsored folder."] };
  if (target.isSponsoredRoot)
    return { parent: ["You can't move folders into your Sponsored Links folder."] };
  return undefined;
}

/** @param {Ctx} ctx @param {import('./model.js').Folder} folder @param {import('./model.js').Folder} target */
function move(ctx, folder, target) {
  const error = moveError(ctx, folder, target);
  if (error) return json(400, error);
  if (childrenOf(ctx, target.id).some((f) => f.name === folder.name && f.id !== folder.id)) {
    return json(400, { name: ['A folder with that name already exists at that location.'] });
  }
  folder.parentId = target.id;
  const targetRoot = ctx.model.rootOf(target);
  folder.ownerId = targetRoot.ownerId;
  return json(200, ctx.ser.folderJson(folder));
}

/** @type {Record<string, (ctx: Ctx, ...params: string[]) => import('../http-core.js').Reply>} */
export const folderHandlers = {
  listTop(ctx) {
    return page(ctx.req, ctx.model.topFolders(ctx.user), ctx.ser.folderJson, ctx.style);
  },
  createTop(ctx) {
    const parentId = toId(ctx.req.body.fields.parent);
    if (ctx.req.body.fields.parent === undefined || ctx.req.body.fields.parent === null) {
      return json(400, { parent: ['This field is required.'] });
    }
    const parent = parentId === undefined ? undefined : ctx.model.state.folders.get(parentId);
    if (!parent)
      return json(400, {
        parent: [`Invalid pk "${ctx.req.body.fields.parent}" - object does not exist.`],
      });
    if (!ctx.model.canAccessFolder(ctx.user, parent)) return FORBIDDEN();
    return createChild(ctx, parent, ctx.req.body.fields.name);
  },
  get(ctx, id) {
    const found = folderFor(ctx, id);
    return found.reply ?? json(200, ctx.ser.folderJson(found.folder));
  },
  patch(ctx, id) {
    const found = folderFor(ctx, id);
    if (found.reply) return found.reply;
    const folder = found.folder;
    const fields = ctx.req.body.fields;
    const extra = Object.keys(fields).filter((k) => !['name', 'parent', 'api_key'].includes(k));
    if (extra.length > 0)
      return json(400, ['Only updates on these fields are allowed: name, parent']);
    if (fields.parent !== undefined && fields.parent !== folder.parentId) {
      const target = ctx.model.state.folders.get(toId(fields.parent) ?? -1);
      if (!target)
        return json(400, { parent: [`Invalid pk "${fields.parent}" - object does not exist.`] });
      if (!ctx.model.canAccessFolder(ctx.user, target)) return FORBIDDEN();
      const moved = move(ctx, folder, target);
      if (moved.status !== 200) return moved;
    }
    if (fields.name !== undefined && fields.name !== folder.name) {
      if (folder.parentId === null)
        return json(400, { name: ['Top-level folders cannot be renamed.'] });
      if (typeof fields.name !== 'string' || fields.name.trim() === '') {
        return json(400, { name: ['This field may not be blank.'] });
      }
      const siblings = childrenOf(ctx, folder.parentId);
      if (siblings.some((f) => f.name === fields.name && f.id !== folder.id)) {
        return json(400, { name: ['A folder with that name already exists at that location.'] });
      }
      folder.name = fields.name;
    }
    return json(200, ctx.ser.folderJson(folder));
  },
  put() {
    return json(400, { error: ['PUT is only valid for nested folder endpoints.'] });
  },
  delete(ctx, id) {
    const found = folderFor(ctx, id);
    if (found.reply) return found.reply;
    const folder = found.folder;
    if (folder.parentId === null)
      return json(400, { error: ['Top-level folders cannot be deleted.'] });
    const hasArchives = [...ctx.model.state.archives.values()].some(
      (a) => a.folderId === folder.id && !a.userDeleted,
    );
    if (childrenOf(ctx, folder.id).length > 0 || hasArchives) {
      return json(400, { error: ['Folders can only be deleted if they are empty.'] });
    }
    ctx.model.state.folders.delete(folder.id);
    return { status: 204 };
  },
  listChildren(ctx, id) {
    const found = folderFor(ctx, id);
    if (found.reply) return found.reply;
    return page(ctx.req, childrenOf(ctx, found.folder.id), ctx.ser.folderJson, ctx.style);
  },
  createChild(ctx, id) {
    const found = folderFor(ctx, id);
    if (found.reply) return found.reply;
    return createChild(ctx, found.folder, ctx.req.body.fields.name);
  },
  moveNested(ctx, parentId, id) {
    const folder = ctx.model.state.folders.get(Number(id));
    // The real server does not guard a missing {id}: an unhandled exception, Django's 500.
    if (!folder) return SERVER_ERROR();
    const target = ctx.model.state.folders.get(Number(parentId));
    if (!target) return NOT_FOUND();
    if (
      !ctx.model.canAccessFolder(ctx.user, folder) ||
      !ctx.model.canAccessFolder(ctx.user, target)
    ) {
      return FORBIDDEN();
    }
    return move(ctx, folder, target);
  },
};
