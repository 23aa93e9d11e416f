#!/usr/bin/env node
'use strict';
// The webhook service's own command (run, subscriptions).
void require('../dist/main.js').run(process.argv);
