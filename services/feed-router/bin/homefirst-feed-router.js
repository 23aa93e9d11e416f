#!/usr/bin/env node
'use strict';
// The feed router's own command (run).
void require('../dist/main.js').run(process.argv);
