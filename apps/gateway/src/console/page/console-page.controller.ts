import { Controller, Get, Header } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { consoleActions } from './console-actions.client.js';
import { consoleOperations } from './console-operations.client.js';
import { consoleRun } from './console-run.client.js';
import { consoleClient } from './console.client.js';
import { CONSOLE_CSS, CONSOLE_HTML } from './console.markup.js';

/** The client's code, compiled with the gateway by the project's own build: nothing to install or fetch. */
const SCRIPT = `(${consoleClient.toString()})(${consoleActions.toString()}, ${consoleRun.toString()}, ${consoleOperations.toString()});\n`;

/**
 * The console page: a shell, a stylesheet and one script, the same for every caller (no data, so
 * no key needed); the script asks for a key and calls the /v1/console API with it. It runs under
 * the Content-Security-Policy every response carries (libs/platform `secureHttp`): nothing inline.
 */
@ApiExcludeController()
@Controller('console')
export class ConsolePageController {
  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  @Header('cache-control', 'no-cache')
  page(): string {
    return CONSOLE_HTML;
  }

  @Get('app.js')
  @Header('content-type', 'text/javascript; charset=utf-8')
  @Header('cache-control', 'no-cache')
  script(): string {
    return SCRIPT;
  }

  @Get('app.css')
  @Header('content-type', 'text/css; charset=utf-8')
  @Header('cache-control', 'no-cache')
  style(): string {
    return CONSOLE_CSS;
  }
}
