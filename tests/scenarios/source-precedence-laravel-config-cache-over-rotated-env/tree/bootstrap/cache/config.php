<?php return array (
  'app' => 
  array (
    'name' => 'Notify',
    'env' => 'production',
  ),
  'services' => 
  array (
    'twilio' => 
    array (
      'sid' => '{{sid:main}}',
      'token' => '{{token:main}}',
      'from' => '+15005550006',
    ),
  ),
);
