// Public API: pyhf HistFactory JSON workspaces.
export { loadWorkspace, loadWorkspaceFile, parseWorkspace, type LoadedWorkspace, type WorkspaceOptions } from './read.js';
export type { PyhfWorkspace, PyhfModifier, PyhfParameterConfig } from './schema.js';
export { workspaceModelInput, type WorkspaceModelInput } from './read.js';
export { writeWorkspace, specToWorkspace, type WriteOptions, type WrittenWorkspace, type WorkspaceWriteMeta, type ReparametrisedParameter, type WrittenChannelInfo } from './write.js';
