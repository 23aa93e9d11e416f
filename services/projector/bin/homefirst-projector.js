#!/usr/bin/env node
'use strict';
// The projector's own command (run, sweep, project); `homefirst project` delegates here.
void require('../dist/main.js').run(process.argv);
