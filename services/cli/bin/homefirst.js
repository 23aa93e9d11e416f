#!/usr/bin/env node
'use strict';
// The `homefirst` command. Built from services/cli/src by `npm install` (the root `prepare` script runs `tsc -b`).
void require('../dist/main.js').run(process.argv);
