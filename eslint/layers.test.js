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
  ],
});
