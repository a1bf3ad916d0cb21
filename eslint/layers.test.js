import { RuleTester } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, it } from 'vitest';
import { layersRule } from './layers.js';

RuleTester.describe = describe;
RuleTester.it = it;
const root = '/repo';
const tester = new RuleTester({ languageOptions: { parser: tseslint.parser, ecmaVersion: 2022, sourceType: 'module' } });
const opts = [{ root }];
const at = (layer, code, file = 'x/file.ts') => ({ code, filename: `${root}/${layer}/${file}`, options: opts });

tester.run('fielddesk/layers', layersRule, {
  valid: [
    at('common', "import { z } from 'zod';"),
    at('common', "import { x } from '../y';", 'a/b.ts'),
    at('renderer', "import { TicketSchema } from '@fielddesk/common/domain/entities';"),
    at('renderer', "import { x } from '../../common/domain/ids';"),
    at('renderer', "import React from 'react';"),
    at('main', "import { app } from 'electron'; import fs from 'node:fs';"),
    at('main', "import { x } from '../common/sync/protocol';", 'file.ts'),
    at('preload', "import { contextBridge, ipcRenderer } from 'electron';"),
    at('preload', "import type { IpcRendererEvent } from 'electron';"),
    at('preload', "import { ipcArgs } from '@fielddesk/common/ipc/contract';"),
    at('server', "import Fastify from 'fastify'; import { createHash } from 'node:crypto';"),
    at('preload', "import { describe } from 'vitest';", 'bridge.test.ts'),
    // A feature is entered through its index: the folder, or index itself.
    at('renderer', "import { useSearch } from '../search';", 'src/features/ticket/Links.tsx'),
    at('renderer', "import { useSearch } from '../search/';", 'src/features/ticket/Links.tsx'),
    at('renderer', "import { useSearch } from '../../search/index';", 'src/features/ticket/links/Links.tsx'),
    at('renderer', "import { useSearch } from '../search/index.ts';", 'src/features/ticket/Links.tsx'),
    at('renderer', "import type { SearchType } from '../search';", 'src/features/ticket/Links.tsx'),
    at('renderer', "const m = await import('../search');", 'src/features/ticket/Links.tsx'),
    // Inside its own folder a feature imports whatever it likes.
    at('renderer', "import { SlaClocks } from '../sla/SlaClocks';", 'src/features/ticket/header/TicketHeader.tsx'),
    at('renderer', "const s = lazy(() => import('./TicketDetailScreen'));", 'src/features/ticket/index.ts'),
    // Outside the features: shared code, the data layer, the app (through the index).
    at('renderer', "import { StatusBadge } from '../../shared/badges';", 'src/features/ticket/TicketDetailScreen.tsx'),
    at('renderer', "import { useWorkspace } from '../../app/workspaceContext';", 'src/features/queue/QueueScreen.tsx'),
    at('renderer', "import { feature as queue } from '../features/queue';", 'src/app/features.ts'),
    at('renderer', "import { useWorkspace } from '../app/workspaceContext';", 'src/shared/options.ts'),
    // A name that merely starts like another feature's is another folder.
    at('renderer', "import { x } from './searchBox';", 'src/features/ticket/Links.tsx'),
  ],
  invalid: [
    { ...at('common', "import fs from 'node:fs';"), errors: [{ messageId: 'node' }] },
    { ...at('common', "import { app } from 'electron';"), errors: [{ messageId: 'electron' }] },
    { ...at('common', "import { x } from '../../renderer/app';"), errors: [{ messageId: 'layer' }] },
    { ...at('renderer', "import fs from 'fs';"), errors: [{ messageId: 'node' }] },
    { ...at('renderer', "import { readFile } from 'node:fs/promises';"), errors: [{ messageId: 'node' }] },
    { ...at('renderer', "import { ipcRenderer } from 'electron';"), errors: [{ messageId: 'electron' }] },
    { ...at('renderer', "import { x } from '../../main/ipc';"), errors: [{ messageId: 'layer' }] },
    { ...at('renderer', "const m = await import('node:path');"), errors: [{ messageId: 'node' }] },
    { ...at('preload', "import { shell } from 'electron';"), errors: [{ messageId: 'electronName' }] },
    { ...at('preload', "import * as electron from 'electron';"), errors: [{ messageId: 'electronName' }] },
    { ...at('preload', "import React from 'react';"), errors: [{ messageId: 'pkg' }] },
    { ...at('preload', "import fs from 'node:fs';"), errors: [{ messageId: 'node' }] },
    { ...at('main', "import { App } from '../../renderer/app';"), errors: [{ messageId: 'layer' }] },
    { ...at('server', "import { App } from '../../renderer/app';"), errors: [{ messageId: 'layer' }] },
    { ...at('server', "import { BrowserWindow } from 'electron';"), errors: [{ messageId: 'electron' }] },
    { ...at('server', "import { x } from '../../main/index';"), errors: [{ messageId: 'layer' }] },
    { ...at('main', "const x = require('../../server/src/app');"), errors: [{ messageId: 'layer' }] },
    // Another feature's internals, however they are reached.
    {
      ...at('renderer', "import { useSearch } from '../search/useSearch';", 'src/features/ticket/Links.tsx'),
      errors: [{ messageId: 'feature', data: { spec: '../search/useSearch', to: 'search', index: '../search' } }],
    },
    {
      ...at('renderer', "import type { SearchType } from '../../search/engine/types';", 'src/features/ticket/links/Links.tsx'),
      errors: [{ messageId: 'feature', data: { spec: '../../search/engine/types', to: 'search', index: '../../search' } }],
    },
    { ...at('renderer', "export { TaskItem } from '../tasks/TaskItem';", 'src/features/ticket/index.ts'), errors: [{ messageId: 'feature' }] },
    { ...at('renderer', "export * from '../tasks/TaskItem';", 'src/features/ticket/index.ts'), errors: [{ messageId: 'feature' }] },
    { ...at('renderer', "const m = await import('../knowledge/ArticleScreen');", 'src/features/ticket/index.ts'), errors: [{ messageId: 'feature' }] },
    { ...at('renderer', "import { x } from '../search/index/helpers';", 'src/features/ticket/Links.tsx'), errors: [{ messageId: 'feature' }] },
    // Tests too: a test of one feature uses another only through its index.
    { ...at('renderer', "import { runQueue } from '../queue/engine/run';", 'src/features/dashboard/figures.test.ts'), errors: [{ messageId: 'feature' }] },
    // The app, the data layer and the tests' helpers go through the index as well.
    {
      ...at('renderer', "import { QueueScreen } from '../features/queue/QueueScreen';", 'src/app/WorkspaceView.tsx'),
      errors: [{ messageId: 'feature', data: { spec: '../features/queue/QueueScreen', to: 'queue', index: '../features/queue' } }],
    },
    { ...at('renderer', "import { x } from '../src/features/queue/engine/run';", 'test/helpers.ts'), errors: [{ messageId: 'feature' }] },
    // shared/ sits below every feature.
    { ...at('renderer', "import { usePendingKeys } from '../features/sync';", 'src/shared/badges.tsx'), errors: [{ messageId: 'sharedFeature' }] },
  ],
});
