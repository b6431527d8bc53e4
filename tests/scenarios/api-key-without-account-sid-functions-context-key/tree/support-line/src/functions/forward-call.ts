import '@twilio-labs/serverless-runtime-types';
import { Context, ServerlessCallback, ServerlessFunctionSignature } from '@twilio-labs/serverless-runtime-types/types';

type Env = { API_KEY: string; API_SECRET: string; AGENT_NUMBER: string };

export const handler: ServerlessFunctionSignature<Env, { CallSid: string }> = async function (
  context: Context<Env>, event: { CallSid: string }, callback: ServerlessCallback,
) {
  const client = require('twilio')(context.API_KEY, context.API_SECRET);
  await client.calls(event.CallSid).update({
    twiml: `<Response><Dial>${context.AGENT_NUMBER}</Dial></Response>`,
  });
  callback(null, 'forwarded');
};
